using System.Text.Json.Serialization;
using Aegis.Core.Reports;

namespace Aegis.Core.Events;

/// <summary>
/// The platform reported views or shares of an item it had been told to restrict or remove: its enforcement failed, and
/// the item is still being seen. Raised at most once per item per <see cref="Cases.CaseWorkflow.ExposureAlertInterval"/>.
/// </summary>
/// <param name="ContentId">The item.</param>
/// <param name="Status">What it should be: restricted or removed.</param>
/// <param name="Views">Views now.</param>
/// <param name="Shares">Shares now.</param>
/// <param name="ViewsBefore">Views recorded before this report of them.</param>
/// <param name="SharesBefore">Shares recorded before.</param>
/// <param name="CaseIds">The cases the item belongs to.</param>
public sealed record ContentExposedAfterRestriction(
    string ContentId, ContentStatus Status, long Views, long Shares, long ViewsBefore, long SharesBefore, IReadOnlyList<long> CaseIds) : DomainEvent(System)
{
    [JsonIgnore]
    public override string WebhookType => "content.exposure_after_restriction";

    [JsonIgnore]
    public override string AuditAction => "content.exposure_after_restriction";

    [JsonIgnore]
    public override string AuditSubject => $"content:{ContentId}";
}
