namespace Aegis.Matching.Content;

/// <summary>The exact digests an item may carry.</summary>
internal enum DigestKind
{
    Md5,
    Sha256,
}
