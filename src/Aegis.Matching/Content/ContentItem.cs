using Aegis.Hashing.Digests;
using Aegis.Hashing.Pdq;

namespace Aegis.Matching.Content;

/// <summary>One recorded item: its content row and whichever of its hashes it has.</summary>
public readonly record struct ContentItem(long RowId, PdqHash? Pdq, Md5Hash? Md5, Sha256Hash? Sha256);
