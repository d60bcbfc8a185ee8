namespace Aegis.Storage;

/// <summary>An account suspended by a confirmed case's cascade.</summary>
/// <param name="CaseId">The case whose cascade suspended it.</param>
/// <param name="At">When.</param>
/// <param name="ChildSafety">For child sexual exploitation: its uploads are held at the gate.</param>
/// <param name="Reason">Why.</param>
public sealed record AccountSuspension(long CaseId, DateTimeOffset At, bool ChildSafety, string? Reason);
