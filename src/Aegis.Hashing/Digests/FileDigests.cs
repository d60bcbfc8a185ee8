namespace Aegis.Hashing.Digests;

/// <summary>The cryptographic digests of a file's bytes: exact-copy matching.</summary>
public readonly record struct FileDigests(Md5Hash Md5, Sha256Hash Sha256)
{
    /// <summary>The digests of bytes held in memory (an upload): from 1 MB, MD5 and SHA-256 on two threads at once.</summary>
    public static FileDigests Of(ReadOnlyMemory<byte> bytes)
    {
        using var digests = new StreamingDigests();
        return digests.Finish(bytes);
    }
}
