using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>A hash list was imported into a bank (audited only): what was read, added, merged and skipped.</summary>
/// <param name="Actor">Who imported it.</param>
/// <param name="Bank">The bank's name.</param>
/// <param name="Format">The list's format.</param>
/// <param name="Read">Records read (bad lines not counted).</param>
/// <param name="Added">New entries.</param>
/// <param name="Merged">Duplicates of entries the bank (or the list, earlier) had.</param>
/// <param name="BadLines">Lines skipped as not valid.</param>
public sealed record BankImported(string Actor, string Bank, string Format, long Read, long Added, long Merged, long BadLines) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => "bank.imported";

    [JsonIgnore]
    public override string AuditSubject => $"bank:{Bank}";
}
