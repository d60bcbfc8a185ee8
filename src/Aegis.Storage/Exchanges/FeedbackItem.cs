using Aegis.Core.Exchanges;
using Aegis.Exchanges;

namespace Aegis.Storage;

/// <summary>A verdict owed to an exchange, as a curator reads it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="RecordKey">The exchange's record the entry came from.</param>
/// <param name="EntryId">The bank entry that matched.</param>
/// <param name="CaseId">The case decided.</param>
/// <param name="Verdict">Confirmed or dismissed.</param>
/// <param name="State">Pending, sent, skipped or failed.</param>
/// <param name="Attempts">Tries so far.</param>
/// <param name="NextAttemptAt">When a pending one is tried next.</param>
/// <param name="Error">The last failure, or why it was skipped.</param>
/// <param name="CreatedAt">When the decision owed it.</param>
/// <param name="SentAt">When the exchange took it.</param>
public sealed record FeedbackItem(
    long Id, string RecordKey, long EntryId, long CaseId, ExchangeVerdict Verdict, FeedbackState State, int Attempts, DateTimeOffset? NextAttemptAt, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? SentAt);
