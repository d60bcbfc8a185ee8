namespace Aegis.Core.Signals;

/// <summary>A conversation one account opened with another, as the account-pattern rule reads it.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="SenderId">The account that opened it.</param>
/// <param name="RecipientId">The account it was opened with.</param>
/// <param name="RecipientAge">The recipient's declared age band.</param>
/// <param name="Connected">Whether the two were connected when it opened.</param>
/// <param name="OpenedAt">When its first message was sent.</param>
public sealed record ConversationOpening(string ConversationId, string SenderId, string RecipientId, AgeBand RecipientAge, bool Connected, DateTimeOffset OpenedAt);
