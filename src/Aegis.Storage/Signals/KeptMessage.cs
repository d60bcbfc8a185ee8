namespace Aegis.Storage;

/// <summary>A message kept of a conversation that raised a signal.</summary>
public sealed record KeptMessage(string MessageId, string SenderId, string? RecipientId, DateTimeOffset SentAt, string? Text, string? Features, string? Attachments);
