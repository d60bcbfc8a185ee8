namespace Aegis.Storage;

/// <summary>One entry of the audit log (see <see cref="AuditLog"/>).</summary>
/// <param name="Sequence">Its position: increasing; a gap means nothing (the chain, not the numbers, proves the order).</param>
/// <param name="At">When, in UTC, in whole microseconds.</param>
/// <param name="Actor">Who: an API key name, a reviewer, or <c>system</c>.</param>
/// <param name="Action">What happened, e.g. <c>report.received</c>, <c>content.restricted</c>, <c>case.decided</c>,
/// <c>evidence.viewed</c>.</param>
/// <param name="Subject">What it concerns, e.g. <c>content:post-1</c>, <c>case:12</c>.</param>
/// <param name="Data">Details: a JSON object (<c>{}</c> for none), exactly as stored.</param>
/// <param name="PreviousHash">The hash of the entry before it (64 zeros for the first).</param>
/// <param name="Hash">Its own hash, 64 lowercase hex digits (see <see cref="AuditLog.ComputeHash(AuditEntry)"/>).</param>
public sealed record AuditEntry(
    long Sequence, DateTimeOffset At, string Actor, string Action, string Subject, string Data, string PreviousHash, string Hash);
