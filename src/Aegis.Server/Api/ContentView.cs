using Aegis.Core.Content;
using Aegis.Core.Gate;
using Aegis.Core.Reports;
using Aegis.Storage;

namespace Aegis.Server.Api;

/// <summary><c>GET /v1/contents/{id}</c>: the item as the gate recorded it, and where it stands now.</summary>
/// <param name="ContentId">The platform's id for it.</param>
/// <param name="Kind">Image, video, or hashes only.</param>
/// <param name="UploaderId">The uploading account.</param>
/// <param name="UploaderIp">The uploader's IP address.</param>
/// <param name="UploadedAt">When the platform received it.</param>
/// <param name="ParentContentId">The content it reshares or quotes.</param>
/// <param name="Pdq">Image PDQ hash.</param>
/// <param name="PdqQuality">PDQ quality 0–100.</param>
/// <param name="Md5">MD5 of the file.</param>
/// <param name="Sha256">SHA-256 of the file.</param>
/// <param name="Vpdq">Video vPDQ signal.</param>
/// <param name="Verdict">The gate's verdict when it was recorded.</param>
/// <param name="Status">Now: visible, restricted (pending review) or removed.</param>
/// <param name="Views">Views, as the platform last reported them.</param>
/// <param name="Shares">Shares, as the platform last reported them.</param>
/// <param name="Demonetized">The platform was told to stop it earning (restricted with a case, or removed); false again once a dismissal restores it.</param>
public sealed record ContentView(
    string ContentId, MediaKind Kind, string? UploaderId, string? UploaderIp, DateTimeOffset? UploadedAt, string? ParentContentId,
    string? Pdq, int? PdqQuality, string? Md5, string? Sha256, string? Vpdq, Verdict Verdict, ContentStatus Status, long Views, long Shares,
    bool Demonetized)
{
    internal static ContentView From(ContentDetails details)
    {
        var r = details.Record;
        return new(r.ContentId, r.Kind, r.UploaderId, r.UploaderIp, r.UploadedAt, r.ParentContentId, r.Pdq, r.PdqQuality, r.Md5, r.Sha256, r.Vpdq,
            r.Verdict, details.Status, details.Views, details.Shares, details.Demonetized);
    }
}
