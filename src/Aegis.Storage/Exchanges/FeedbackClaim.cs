using Aegis.Exchanges;

namespace Aegis.Storage;

/// <summary>A verdict a node claimed to send, with what sending it takes.</summary>
/// <param name="Id">The verdict's id.</param>
/// <param name="Token">The claim (a finish with another token is refused).</param>
/// <param name="Exchange">The exchange's name.</param>
/// <param name="Api">Its API.</param>
/// <param name="Settings">Its settings (a JSON object's text).</param>
/// <param name="Credentials">Its credentials, sealed.</param>
/// <param name="RecordKey">The exchange's record the entry came from.</param>
/// <param name="EntryId">The bank entry that matched.</param>
/// <param name="CaseId">The case decided.</param>
/// <param name="Feedback">What the exchange is told.</param>
/// <param name="Attempts">Tries before this one.</param>
public sealed record FeedbackClaim(
    long Id, string Token, string Exchange, string Api, string Settings, SealedSecret? Credentials, string RecordKey, long EntryId, long CaseId, ExchangeFeedback Feedback, int Attempts);
