namespace Aegis.Storage.Model;

/// <summary>A row of <c>audit_log</c>: append-only, each row chained to the one before by <see cref="PreviousHash"/>.</summary>
internal sealed class AuditRow
{
    /// <summary>The row's id, taken at insert (the order rows were written in, not the chain's).</summary>
    public long Id { get; set; }

    /// <summary>
    /// The entry's place in the chain, null until it is sealed. Set by <see cref="AuditLog"/>'s sealer under its lock to
    /// the last sealed entry's + 1, so two sealers that ever read the same last entry would collide on this unique
    /// column instead of forking the chain.
    /// </summary>
    public long? Sequence { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Actor { get; set; }

    public required string Action { get; set; }

    public required string Subject { get; set; }

    public required string Data { get; set; }

    /// <summary>The hash of the entry before it in the chain; null until sealed.</summary>
    public string? PreviousHash { get; set; }

    /// <summary>This entry's hash; null until sealed.</summary>
    public string? Hash { get; set; }

    public AuditEntry ToEntry() => new(Sequence!.Value, At, Actor, Action, Subject, Data, PreviousHash!, Hash!);
}
