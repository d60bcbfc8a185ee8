namespace Aegis.Core.Signals;

/// <summary>One message of a conversation as the detectors see it.</summary>
/// <param name="MessageId">The platform's id of the message.</param>
/// <param name="SenderId">The platform's id of the sending account.</param>
/// <param name="RecipientId">The account it was sent to (the other participant), or null when the platform does not say (a group).</param>
/// <param name="SentAt">When it was sent.</param>
/// <param name="Text">Its text, or null (media only, or a platform that sends <paramref name="Features"/> instead).</param>
/// <param name="MediaCount">How many attachments it carries.</param>
/// <param name="SenderAge">The sender's declared age band.</param>
/// <param name="RecipientAge">The recipient's declared age band.</param>
/// <param name="Connected">Whether the platform knows the two accounts as connected (friends, mutual followers).</param>
/// <param name="Features">Categories the platform recognised itself, sent instead of text; optional.</param>
public sealed record ConversationMessage(
    string MessageId,
    string SenderId,
    string? RecipientId,
    DateTimeOffset SentAt,
    string? Text,
    int MediaCount = 0,
    AgeBand SenderAge = AgeBand.Unknown,
    AgeBand RecipientAge = AgeBand.Unknown,
    bool Connected = false,
    IReadOnlyList<SignalCategory>? Features = null);
