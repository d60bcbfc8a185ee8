namespace Aegis.Core.Protect;

/// <summary>What the page sends of one file: its digests and PDQ hashes, never its bytes.</summary>
/// <param name="IsVideo">A video (its frames' hashes), else an image.</param>
/// <param name="Md5">MD5 of the file, 32 hex characters.</param>
/// <param name="Sha256">SHA-256 of the file, 64 hex characters.</param>
/// <param name="Pdq">The image's PDQ hash (at most one), or one per second of the video; empty when the browser could not decode it.</param>
public sealed record ProtectFile(bool IsVideo, string Md5, string Sha256, IReadOnlyList<ProtectHash> Pdq);
