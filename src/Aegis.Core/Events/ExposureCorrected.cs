using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>
/// The platform set an item's view and share counts (lower ones too), capping what its cases had recorded
/// (<paramref name="CaseIds"/>).
/// </summary>
public sealed record ExposureCorrected(
    string Actor, string ContentId, long Views, long Shares, long PreviousViews, long PreviousShares, IReadOnlyList<long> CaseIds, string Reason)
    : DomainEvent(Actor)
{
    /// <summary>Why: audited, not sent back to the platform (which wrote it).</summary>
    [JsonIgnore]
    public string Reason { get; init; } = Reason;

    [JsonIgnore]
    public override string WebhookType => "content.exposure_corrected";

    [JsonIgnore]
    public override string AuditAction => "exposure.corrected";

    [JsonIgnore]
    public override string AuditSubject => $"content:{ContentId}";

    public override object AuditData() => new { ContentId, Views, Shares, PreviousViews, PreviousShares, CaseIds, Reason };
}
