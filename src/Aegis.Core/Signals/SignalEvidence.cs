namespace Aegis.Core.Signals;

/// <summary>Why a message counted: the rule that hit it and what it matched.</summary>
/// <param name="MessageId">The message.</param>
/// <param name="SenderId">Who sent it.</param>
/// <param name="Rule">The rule: <c>bank@version/entry</c>, <c>media-after-request</c>, <c>platform</c>, or <c>model:name/label</c>.</param>
/// <param name="Category">The category it recognised; null for media.</param>
/// <param name="Weight">The entry's weight.</param>
/// <param name="Matched">The words matched, normalised ("…" for a word skipped as a gap).</param>
/// <param name="StartMessageId">When the phrase began in the sender's previous message (a split message): that message.</param>
public sealed record SignalEvidence(
    string MessageId,
    string SenderId,
    string Rule,
    SignalCategory? Category,
    double Weight,
    string Matched,
    string? StartMessageId = null);
