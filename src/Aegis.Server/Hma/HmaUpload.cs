namespace Aegis.Server.Hma;

/// <summary>Media to hash: its bytes and its HMA content type (<c>photo</c> or <c>video</c>).</summary>
/// <param name="Bytes">The file.</param>
/// <param name="ContentType">HMA's content type.</param>
internal sealed record HmaUpload(byte[] Bytes, string ContentType);
