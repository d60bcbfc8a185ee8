using System.Buffers.Binary;

namespace Aegis.Hashing.Digests;

/// <summary>A SHA-256 digest (32 bytes) as four big-endian words; hex is 64 lowercase characters.</summary>
public readonly record struct Sha256Hash(ulong W0, ulong W1, ulong W2, ulong W3)
{
    /// <summary>Number of bytes in a digest.</summary>
    public const int Size = 32;

    public static Sha256Hash FromBytes(ReadOnlySpan<byte> digest) =>
        digest.Length == Size
            ? new Sha256Hash(
                BinaryPrimitives.ReadUInt64BigEndian(digest),
                BinaryPrimitives.ReadUInt64BigEndian(digest[8..]),
                BinaryPrimitives.ReadUInt64BigEndian(digest[16..]),
                BinaryPrimitives.ReadUInt64BigEndian(digest[24..]))
            : throw new ArgumentException($"A SHA-256 digest is {Size} bytes; got {digest.Length}.", nameof(digest));

    /// <summary>Parses 64 hex characters (either case).</summary>
    public static bool TryParse(ReadOnlySpan<char> hex, out Sha256Hash hash)
    {
        Span<byte> bytes = stackalloc byte[Size];
        hash = default;
        if (!HexDigest.TryDecode(hex, bytes))
        {
            return false;
        }

        hash = FromBytes(bytes);
        return true;
    }

    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Size];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, W0);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], W1);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[16..], W2);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[24..], W3);
        return Convert.ToHexStringLower(bytes);
    }
}
