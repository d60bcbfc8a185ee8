namespace Aegis.Core.Events;

/// <summary>An account acted on, in a <see cref="CaseActions"/> page.</summary>
public sealed record CaseAccountAction(string AccountId, CaseActionKind Action, string Reason);
