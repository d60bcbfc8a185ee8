namespace Aegis.Storage.Model;

/// <summary>
/// One verdict owed to an exchange: a reviewer confirmed or dismissed a case whose item matched an entry the exchange
/// shared. Written in the decision's transaction (so none is lost), then claimed and sent by one node.
/// </summary>
internal sealed class ExchangeFeedbackRow
{
    public long Id { get; set; }

    public int ExchangeId { get; set; }

    /// <summary>The exchange's record the entry came from.</summary>
    public required string RecordKey { get; set; }

    /// <summary>The bank entry that matched.</summary>
    public long EntryId { get; set; }

    /// <summary>The case decided.</summary>
    public long CaseId { get; set; }

    /// <summary><see cref="Exchanges.ExchangeVerdict"/>.</summary>
    public int Verdict { get; set; }

    /// <summary><see cref="Core.Exchanges.FeedbackState"/>.</summary>
    public int State { get; set; }

    public int Attempts { get; set; }

    /// <summary>When it may be tried (Unix ms).</summary>
    public long NextAttemptAt { get; set; }

    public string? ClaimToken { get; set; }

    /// <summary>Until when a node's claim runs (Unix ms).</summary>
    public long? LeaseUntil { get; set; }

    public string? Error { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }
}
