namespace Aegis.Storage.Model;

/// <summary>
/// A row of <c>conversation_messages</c>: a message of a conversation that raised a signal, kept (text included) until
/// the conversation's retention ends. Messages of conversations that raised nothing are never stored.
/// </summary>
internal sealed class ConversationMessageRow
{
    public long Id { get; set; }

    public long ConversationRowId { get; set; }

    public required string MessageId { get; set; }

    public required string SenderId { get; set; }

    public string? RecipientId { get; set; }

    /// <summary>When it was sent (Unix milliseconds).</summary>
    public long SentAt { get; set; }

    /// <summary>The text, or null (media only, or features sent instead of text).</summary>
    public string? Text { get; set; }

    /// <summary>The categories the platform sent instead of text, comma-separated, or null.</summary>
    public string? Features { get; set; }

    /// <summary>The attachments' hashes as JSON (<c>[{"pdq":…,"md5":…,"sha256":…,"match":…}]</c>), or null.</summary>
    public string? Attachments { get; set; }
}
