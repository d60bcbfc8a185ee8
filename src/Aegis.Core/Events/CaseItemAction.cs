namespace Aegis.Core.Events;

/// <summary>An item acted on, in a <see cref="CaseActions"/> page.</summary>
public sealed record CaseItemAction(string ContentId, CaseActionKind Action, string Reason);
