using System.Security.Cryptography;

namespace Aegis.Hashing.Digests;

/// <summary>The cryptographic digests of a file's bytes: exact-copy matching.</summary>
public readonly record struct FileDigests(Md5Hash Md5, Sha256Hash Sha256)
{
    /// <summary>From this size, MD5 and SHA-256 are computed on two threads at once (a video: tens of milliseconds each).</summary>
    private const int ParallelFrom = 1 << 20;

    /// <summary>The digests of bytes held in memory (an upload).</summary>
    public static FileDigests Of(ReadOnlyMemory<byte> bytes)
    {
        if (bytes.Length < ParallelFrom)
        {
            return new FileDigests(Md5Of(bytes.Span), Sha256Of(bytes.Span));
        }

        Md5Hash md5 = default;
        Sha256Hash sha256 = default;
        Parallel.Invoke(() => md5 = Md5Of(bytes.Span), () => sha256 = Sha256Of(bytes.Span));
        return new FileDigests(md5, sha256);
    }

    private static Md5Hash Md5Of(ReadOnlySpan<byte> bytes)
    {
        Span<byte> digest = stackalloc byte[Md5Hash.Size];
        MD5.HashData(bytes, digest);
        return Md5Hash.FromBytes(digest);
    }

    private static Sha256Hash Sha256Of(ReadOnlySpan<byte> bytes)
    {
        Span<byte> digest = stackalloc byte[Sha256Hash.Size];
        SHA256.HashData(bytes, digest);
        return Sha256Hash.FromBytes(digest);
    }
}
