using System.Text.Json.Serialization;
using Aegis.Core.Cases;
using Aegis.Core.Reports;

namespace Aegis.Core.Events;

/// <summary>What every case webhook says of its case.</summary>
public abstract record CaseFields(string Actor, long CaseId, string ContentId, CaseState State, PriorityLevel Level, int Reports) : DomainEvent(Actor)
{
    protected CaseFields(string actor, Case c)
        : this(actor, Check(c).Id, c.ContentId, c.State, c.Level, c.Reports)
    {
    }

    [JsonIgnore]
    public override string AuditSubject => $"case:{CaseId}";

    private static Case Check(Case c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return c;
    }
}
