namespace Aegis.Hashing.Digests;

internal static class HexDigest
{
    /// <summary>Decodes exactly destination.Length bytes of hex; false on any other length or character.</summary>
    public static bool TryDecode(ReadOnlySpan<char> hex, Span<byte> destination) =>
        hex.Length == destination.Length * 2 &&
        Convert.FromHexString(hex, destination, out _, out var written) == System.Buffers.OperationStatus.Done &&
        written == destination.Length;
}
