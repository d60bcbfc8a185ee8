using Aegis.Core.Content;
using Aegis.Core.Gate;

namespace Aegis.Storage.Model;

/// <summary>A row of <c>contents</c>, the content index: one per platform content id.</summary>
internal sealed class ContentRow
{
    public long Id { get; set; }

    public required string ContentId { get; set; }

    public MediaKind Kind { get; set; }

    public string? UploaderId { get; set; }

    public string? UploaderIp { get; set; }

    public DateTimeOffset? UploadedAt { get; set; }

    public string? ParentContentId { get; set; }

    public string? Pdq { get; set; }

    public int? PdqQuality { get; set; }

    public string? Md5 { get; set; }

    public string? Sha256 { get; set; }

    public string? Vpdq { get; set; }

    public Verdict Verdict { get; set; }

    public DateTimeOffset RecordedAt { get; set; }

    /// <summary>The last bank change the deciding node had applied when it gave the verdict.</summary>
    public long BankSequence { get; set; }

    /// <summary>Visible, restricted or removed, as Aegis has told the platform.</summary>
    public Core.Reports.ContentStatus Status { get; set; }

    /// <summary>Views, as the platform last reported them.</summary>
    public long Views { get; set; }

    /// <summary>Shares, as the platform last reported them.</summary>
    public long Shares { get; set; }

    /// <summary>The platform was told to stop the item earning (restricted with a case, or removed).</summary>
    public bool Demonetized { get; set; }

    public static ContentRow From(ContentRecord r, long bankSequence, DateTimeOffset recordedAt) => new()
    {
        BankSequence = bankSequence,
        ContentId = r.ContentId,
        Kind = r.Kind,
        UploaderId = r.UploaderId,
        UploaderIp = r.UploaderIp,
        UploadedAt = r.UploadedAt?.ToUniversalTime(),
        ParentContentId = r.ParentContentId,
        Pdq = r.Pdq,
        PdqQuality = r.PdqQuality,
        Md5 = r.Md5,
        Sha256 = r.Sha256,
        Vpdq = r.Vpdq,
        Verdict = r.Verdict,
        RecordedAt = recordedAt,
    };

    public ContentRecord ToRecord() =>
        new(ContentId, Kind, UploaderId, UploaderIp, UploadedAt, ParentContentId, Pdq, PdqQuality, Md5, Sha256, Vpdq, Verdict);
}
