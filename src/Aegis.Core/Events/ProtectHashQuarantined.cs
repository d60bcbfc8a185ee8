using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>
/// A hash submitted through the protect page matched far more items than one person's pictures could
/// (<c>Protect:MaxMatchesPerHash</c>): nothing was restricted on it, and its entry is disabled until a curator looks
/// (enabling the entry puts it to work).
/// </summary>
/// <param name="SubmissionId">The submission.</param>
/// <param name="Bank">The bank holding the entry.</param>
/// <param name="EntryId">The entry, disabled.</param>
/// <param name="SignalType">pdq, md5, sha256 or vpdq.</param>
/// <param name="Matches">How many items it matched.</param>
public sealed record ProtectHashQuarantined(long SubmissionId, string Bank, long EntryId, string SignalType, int Matches) : DomainEvent(System)
{
    [JsonIgnore]
    public override string WebhookType => "protect.hash_quarantined";

    [JsonIgnore]
    public override string AuditAction => "protect.hash_quarantined";

    [JsonIgnore]
    public override string AuditSubject => $"protect:{SubmissionId}";
}
