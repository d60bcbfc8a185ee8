namespace Aegis.Server.Signals;

/// <summary><c>POST /v1/messages</c>: a batch of private messages, each conversation's in the order they were sent.</summary>
/// <param name="Messages">The messages (1 to <c>Signals:MaxBatch</c>).</param>
public sealed record MessageBatchRequest(IReadOnlyList<MessageRequest?>? Messages);

/// <summary>One message.</summary>
/// <param name="ConversationId">The platform's conversation id.</param>
/// <param name="MessageId">The platform's message id (unique in its conversation).</param>
/// <param name="SenderId">The sending account.</param>
/// <param name="RecipientIds">The accounts it was sent to (one for a direct message).</param>
/// <param name="SentAt">When it was sent.</param>
/// <param name="Text">Its text; optional (media only, or <paramref name="Features"/> instead).</param>
/// <param name="Features">Categories the platform recognised itself, sent instead of text (docs/signals.md lists them).</param>
/// <param name="Attachments">Its attachments' hashes.</param>
/// <param name="Sender">What the platform knows of the sender.</param>
/// <param name="Recipient">What the platform knows of the recipient.</param>
/// <param name="Connected">Whether the platform knows the two as connected (friends, mutual followers).</param>
public sealed record MessageRequest(
    string? ConversationId,
    string? MessageId,
    string? SenderId,
    IReadOnlyList<string?>? RecipientIds,
    DateTimeOffset? SentAt,
    string? Text,
    IReadOnlyList<string?>? Features,
    IReadOnlyList<AttachmentRequest?>? Attachments,
    AccountFacts? Sender,
    AccountFacts? Recipient,
    bool? Connected);

/// <summary>What the platform knows of an account.</summary>
/// <param name="AgeBand">Its declared age band: <c>under_13</c>, <c>13_15</c>, <c>16_17</c>, <c>adult</c> or <c>unknown</c>.</param>
/// <param name="AccountAgeDays">How many days old the account is.</param>
public sealed record AccountFacts(string? AgeBand, int? AccountAgeDays);

/// <summary>An attachment's hashes (any of them).</summary>
/// <param name="Pdq">PDQ, 64 hex.</param>
/// <param name="Md5">MD5, 32 hex.</param>
/// <param name="Sha256">SHA-256, 64 hex.</param>
public sealed record AttachmentRequest(string? Pdq, string? Md5, string? Sha256);

/// <summary>What an intake batch did.</summary>
/// <param name="Observed">Messages read by the detectors.</param>
/// <param name="Skipped">Messages already observed (a batch sent again).</param>
/// <param name="Signals">The cases signals opened or joined in this batch; their protection webhooks were sent before this answer.</param>
public sealed record MessageBatchAnswer(int Observed, int Skipped, IReadOnlyList<SignalAnswer> Signals);

/// <summary>A signal's case.</summary>
/// <param name="ConversationId">The conversation (or <c>account:…</c> for the outreach rule).</param>
/// <param name="CaseId">Its case.</param>
/// <param name="Kind"><c>sextortion</c>, <c>grooming</c> or <c>child_sexual_exploitation</c>.</param>
/// <param name="Joined">It joined a case already open (its own conversation's, or its ring's).</param>
public sealed record SignalAnswer(string ConversationId, long CaseId, string Kind, bool Joined);
