namespace Aegis.Hashing.Digests;

/// <summary>The cryptographic digests of a file's bytes: exact-copy matching.</summary>
public readonly record struct FileDigests(Md5Hash Md5, Sha256Hash Sha256);
