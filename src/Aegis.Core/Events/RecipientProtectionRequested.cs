using System.Text.Json.Serialization;

namespace Aegis.Core.Events;

/// <summary>
/// A conversation raised a grooming or sextortion signal: the platform is asked to protect the recipient at once — warn
/// them, with help and a line saying they are not in trouble, and stop the sender contacting minors — while a reviewer
/// decides the case. Delivered before the message intake that raised it answers.
/// </summary>
/// <param name="ConversationId">The platform's conversation id.</param>
/// <param name="CaseId">The case the signal opened or joined.</param>
/// <param name="Kind"><c>grooming</c> or <c>sextortion</c>.</param>
/// <param name="Rule">The rule that fired (<c>sextortion.sequence</c>, <c>grooming.accumulation</c>, <c>media.bank_match</c>).</param>
/// <param name="Score">Its score, 0 to 1.</param>
/// <param name="SuspectId">The account whose messages scored.</param>
/// <param name="RecipientId">The account to protect.</param>
/// <param name="RecipientMinor">Whether the platform declared the recipient under 18.</param>
/// <param name="Actions">What the platform is asked to do now.</param>
/// <param name="HelpUrl">Where the recipient can get help (Take It Down by default).</param>
/// <param name="Message">A line for the recipient.</param>
public sealed record RecipientProtectionRequested(
    string ConversationId, long CaseId, string Kind, string Rule, double Score, string SuspectId, string RecipientId, bool RecipientMinor,
    IReadOnlyList<string> Actions, string HelpUrl, string Message) : DomainEvent(System)
{
    [JsonIgnore]
    public override string WebhookType => "conversation.protect_recipient";

    [JsonIgnore]
    public override string AuditAction => "conversation.signal";

    [JsonIgnore]
    public override string AuditSubject => $"conversation:{ConversationId}";

    [JsonIgnore]
    public override bool SentByCaller => true;
}
