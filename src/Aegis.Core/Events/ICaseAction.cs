namespace Aegis.Core.Events;

/// <summary>
/// An event that is one action of a case on one item or account (the cascade's removals, a report's restrictions).
/// When a step acts on several items or accounts of one case, <see cref="WebhookPaging"/> tells the platform of them in
/// <see cref="CaseActions"/> pages instead of one webhook each; the audit log keeps each event.
/// </summary>
public interface ICaseAction
{
    /// <summary>The case acting.</summary>
    long CaseId { get; }

    /// <summary>What was done.</summary>
    CaseActionKind Kind { get; }

    /// <summary>The content id, or the account id when <see cref="Kind"/> is an account's.</summary>
    string TargetId { get; }

    /// <summary>Why, as the per-item event says it.</summary>
    string Reason { get; }
}
