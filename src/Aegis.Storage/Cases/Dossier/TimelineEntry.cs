namespace Aegis.Storage;

/// <summary>An audit entry in a case's timeline.</summary>
/// <param name="At">When.</param>
/// <param name="Actor">Who: an API key or console user, a reviewer, or <c>system</c>.</param>
/// <param name="Action">What happened (<c>report.received</c>, <c>case.decided</c>, …).</param>
/// <param name="Subject">What it concerns (<c>case:12</c>, <c>content:post-1</c>, …).</param>
/// <param name="Summary">What it says, in a few words (<see cref="Core.Events.AuditSummary"/>).</param>
/// <param name="Sequence">Its place in the audit chain; null until sealed (normally within a second).</param>
public sealed record TimelineEntry(DateTimeOffset At, string Actor, string Action, string Subject, string Summary, long? Sequence);
