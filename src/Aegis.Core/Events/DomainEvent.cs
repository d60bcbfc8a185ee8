using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>
/// Something that happened in the domain, told to the platform (a signed webhook) and written to the audit log. Each
/// sealed subtype names, in one place, its webhook type (null: not told to the platform), its payload (the subtype's
/// own public properties, serialized in snake_case), its audit action (null: not audited) and the audit entry's data.
/// The storage writes every event of a change in the change's own transaction: the event exists if and only if the
/// change does.
/// </summary>
/// <param name="Actor">Who caused it, for the audit log: an API key name, a reviewer, or <c>system</c>.</param>
public abstract record DomainEvent([property: JsonIgnore] string Actor)
{
    /// <summary>The actor of what Aegis does by itself (restricting on a report, the cascade, SLA escalation).</summary>
    public const string System = "system";

    /// <summary>The webhook's <c>type</c>, or null when the platform is not told.</summary>
    [JsonIgnore]
    public abstract string? WebhookType { get; }

    /// <summary>The audit entry's action, or null when it is not audited.</summary>
    [JsonIgnore]
    public abstract string? AuditAction { get; }

    /// <summary>What the audit entry concerns, e.g. <c>case:12</c> or <c>content:post-1</c>.</summary>
    [JsonIgnore]
    public abstract string AuditSubject { get; }

    /// <summary>
    /// The call that caused it sends its webhook itself before answering (it is written claimed for a while, so the
    /// delivery worker leaves it to that call unless the node dies first).
    /// </summary>
    [JsonIgnore]
    public virtual bool SentByCaller => false;

    /// <summary>The audit entry's data (a JSON object once serialized); the webhook payload by default.</summary>
    public virtual object AuditData() => this;
}
