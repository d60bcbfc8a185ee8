namespace Aegis.CyberTip.Reports;

/// <summary>
/// Hashes of a file as the user uploaded it, in lowercase or uppercase hex. MD5 and SHA-256 are binary hashes, the
/// schema's <c>originalFileHash</c> (<c>hashType</c> "MD5", "SHA256"). PDQ is perceptual, not a hash of the file's bytes,
/// so it goes in the schema's hash metadata instead: <c>details type="HASH"</c>, pair <c>PDQ</c> = 64 hex digits.
/// </summary>
/// <param name="Md5">32 hex digits.</param>
/// <param name="Sha256">64 hex digits.</param>
/// <param name="Pdq">64 hex digits (images; a video's frames are not listed).</param>
public sealed record CyberTipFileHashes(string? Md5, string? Sha256, string? Pdq);
