using System.Buffers.Binary;

namespace Aegis.Hashing.Digests;

/// <summary>An MD5 digest (16 bytes) as two big-endian words; hex is 32 lowercase characters.</summary>
public readonly record struct Md5Hash(ulong High, ulong Low)
{
    /// <summary>Number of bytes in a digest.</summary>
    public const int Size = 16;

    public static Md5Hash FromBytes(ReadOnlySpan<byte> digest) =>
        digest.Length == Size
            ? new Md5Hash(BinaryPrimitives.ReadUInt64BigEndian(digest), BinaryPrimitives.ReadUInt64BigEndian(digest[8..]))
            : throw new ArgumentException($"An MD5 digest is {Size} bytes; got {digest.Length}.", nameof(digest));

    /// <summary>Parses 32 hex characters (either case).</summary>
    public static bool TryParse(ReadOnlySpan<char> hex, out Md5Hash hash)
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
        BinaryPrimitives.WriteUInt64BigEndian(bytes, High);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], Low);
        return Convert.ToHexStringLower(bytes);
    }
}
