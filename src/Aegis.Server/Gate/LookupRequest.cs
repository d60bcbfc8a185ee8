namespace Aegis.Server.Gate;

/// <summary>
/// <c>POST /v1/lookup</c>: hashes the platform computed itself. Any of the hashes may be given; with a content id the
/// item is recorded in the content index like an upload.
/// </summary>
/// <param name="ContentId">The platform's id for the item (optional here).</param>
/// <param name="UploaderId">The uploading account.</param>
/// <param name="UploaderIp">The uploader's IP address.</param>
/// <param name="UploadedAt">When the platform received it.</param>
/// <param name="ParentContentId">For a reshare or quote: the item it reshares.</param>
/// <param name="Pdq">PDQ, 64 hex.</param>
/// <param name="Md5">MD5, 32 hex.</param>
/// <param name="Sha256">SHA-256, 64 hex.</param>
/// <param name="Vpdq">vPDQ signal: python-threatexchange's JSON list of "hex,quality,timestamp" strings.</param>
public sealed record LookupRequest(
    string? ContentId,
    string? UploaderId,
    string? UploaderIp,
    DateTimeOffset? UploadedAt,
    string? ParentContentId,
    string? Pdq,
    string? Md5,
    string? Sha256,
    string? Vpdq);
