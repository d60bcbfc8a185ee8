namespace Aegis.CyberTip.Reports;

/// <summary>
/// The messages of an enticement or sextortion, written into the report itself as <c>chatImIncident/content</c>, the
/// schema's place for "the content of the chat, any chat logs" (one line a message:
/// <c>2025-11-02T21:14:09+00:00 sender -&gt; recipient: text</c>, a message's further lines indented). A text-only case
/// therefore needs no upload: submit, then finish. Images sent in the conversation are <see cref="CyberTipReport.Files"/>.
/// </summary>
/// <param name="Messages">The messages, in the order they were sent.</param>
public sealed record CyberTipChat(IReadOnlyList<CyberTipMessage> Messages)
{
    /// <summary>The conversation's or group's name (<c>chatRoomName</c>), when it has one.</summary>
    public string? RoomName { get; init; }
}
