namespace Aegis.Storage.Model;

/// <summary>A row of <c>audit_log</c>: append-only, each row chained to the one before by <see cref="PreviousHash"/>.</summary>
internal sealed class AuditRow
{
    /// <summary>
    /// Set by <see cref="AuditLog"/> under its lock to the last entry's + 1 (never left to the identity column), so two
    /// appends from the same entry would collide on the primary key instead of forking the chain.
    /// </summary>
    public long Sequence { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Actor { get; set; }

    public required string Action { get; set; }

    public required string Subject { get; set; }

    public required string Data { get; set; }

    public required string PreviousHash { get; set; }

    public required string Hash { get; set; }

    public AuditEntry ToEntry() => new(Sequence, At, Actor, Action, Subject, Data, PreviousHash, Hash);
}
