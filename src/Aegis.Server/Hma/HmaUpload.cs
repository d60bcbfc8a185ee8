namespace Aegis.Server.Hma;

/// <summary>Media to hash: its bytes and its HMA content type (<c>photo</c> or <c>video</c>); disposing frees the bytes' buffer.</summary>
/// <param name="Bytes">The file.</param>
/// <param name="ContentType">HMA's content type.</param>
/// <param name="Owner">What holds <paramref name="Bytes"/> when it must be given back (an upload's rented buffer).</param>
internal sealed record HmaUpload(ReadOnlyMemory<byte> Bytes, string ContentType, IDisposable? Owner = null) : IDisposable
{
    public void Dispose() => Owner?.Dispose();
}
