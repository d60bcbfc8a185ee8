using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>A pattern bank of the message signals was imported, replaced or deleted (audited).</summary>
/// <param name="Actor">Who changed it.</param>
/// <param name="Name">The bank.</param>
/// <param name="Version">Its version now (null once deleted).</param>
/// <param name="Language">Its language.</param>
/// <param name="Entries">How many entries it holds now.</param>
/// <param name="Deleted">It was deleted.</param>
public sealed record PatternBankChanged(string Actor, string Name, string? Version, string Language, int Entries, bool Deleted) : DomainEvent(Actor)
{
    [JsonIgnore]
    public override string? WebhookType => null;

    [JsonIgnore]
    public override string AuditAction => Deleted ? "signals.bank_deleted" : "signals.bank_imported";

    [JsonIgnore]
    public override string AuditSubject => $"pattern-bank:{Name}";
}
