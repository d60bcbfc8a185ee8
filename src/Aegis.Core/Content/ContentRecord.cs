namespace Aegis.Core.Content;

/// <summary>
/// One piece of the platform's content as the gate saw it: its ids, its uploader, its parent (for a reshare or quote),
/// its hashes and the verdict. This content index is what later finds every copy of something confirmed.
/// </summary>
/// <param name="ContentId">The platform's id for it (unique).</param>
/// <param name="Kind">Image, video, or hashes only.</param>
/// <param name="UploaderId">The uploading account, if given.</param>
/// <param name="UploaderIp">The uploader's IP address, if given.</param>
/// <param name="UploadedAt">When the platform received it, if given.</param>
/// <param name="ParentContentId">The content it reshares or quotes, if any.</param>
/// <param name="Pdq">Image PDQ hash (hex), if any.</param>
/// <param name="PdqQuality">PDQ quality 0–100, if known.</param>
/// <param name="Md5">MD5 of the file (hex), if any.</param>
/// <param name="Sha256">SHA-256 of the file (hex), if any.</param>
/// <param name="Vpdq">Video vPDQ signal (canonical JSON list), if any.</param>
/// <param name="Verdict">The gate's verdict when it was recorded.</param>
public sealed record ContentRecord(
    string ContentId,
    MediaKind Kind,
    string? UploaderId,
    string? UploaderIp,
    DateTimeOffset? UploadedAt,
    string? ParentContentId,
    string? Pdq,
    int? PdqQuality,
    string? Md5,
    string? Sha256,
    string? Vpdq,
    Gate.Verdict Verdict)
{
    /// <summary>The most characters a content, account or parent id may have.</summary>
    public const int MaxIdLength = Input.Identifier.MaxLength;

    /// <summary>True when both records carry the same hashes (the same bytes sent twice under one id).</summary>
    public bool SameHashesAs(ContentRecord other) =>
        other.Pdq == Pdq && other.Md5 == Md5 && other.Sha256 == Sha256 && other.Vpdq == Vpdq;
}
