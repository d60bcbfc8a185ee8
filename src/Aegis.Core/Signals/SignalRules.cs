using System.Globalization;
using System.Text;
using Aegis.Core.Input;
using Aegis.Core.Reports;

namespace Aegis.Core.Signals;

/// <summary>
/// What a signal becomes in the case workflow, as plain code: a report on the conversation (its own item,
/// <c>conversation:&lt;id&gt;</c>, whose uploader is the suspect, so a confirmation's cascade suspends them) of the
/// signal's kind — sextortion or grooming, both a child at risk — with the explanation as its text; and the request to
/// protect the recipient at once.
/// </summary>
public static class SignalRules
{
    /// <summary>The prefix of a conversation's item id.</summary>
    public const string ConversationPrefix = "conversation:";

    /// <summary>The prefix of an account's outreach item id (the minor-outreach rule's cases).</summary>
    public const string AccountPrefix = "account:";

    /// <summary>The longest conversation id a platform may send (its item id must fit <see cref="Identifier.MaxLength"/>).</summary>
    public const int MaxConversationIdLength = Identifier.MaxLength - 16;

    /// <summary>Who the reports of signals come from, for the audit log.</summary>
    public const string Actor = "aegis-signals";

    /// <summary>What the protection webhook asks the platform to do while a reviewer decides.</summary>
    public static IReadOnlyList<string> ProtectActions { get; } = ["warn_recipient", "limit_sender_contact_with_minors"];

    /// <summary>The item id of a conversation.</summary>
    public static string ContentId(string conversationId) => ConversationPrefix + conversationId;

    /// <summary>The item id of an account's outreach.</summary>
    public static string AccountContentId(string accountId) => AccountPrefix + accountId;

    /// <summary>The conversation id of an item id, or null when it is not a conversation's.</summary>
    public static string? ConversationOf(string contentId) =>
        contentId.StartsWith(ConversationPrefix, StringComparison.Ordinal) ? contentId[ConversationPrefix.Length..] : null;

    /// <summary>The category a signal's case has.</summary>
    public static ReportCategory Category(SignalKind kind) => kind == SignalKind.Sextortion ? ReportCategory.Sextortion : ReportCategory.Grooming;

    /// <summary>The report a signal makes on its conversation's item.</summary>
    /// <param name="signal">The signal.</param>
    /// <param name="conversationId">Its conversation.</param>
    /// <param name="category">The case's category when not the signal kind's (an attachment of known material).</param>
    public static ReportIntake Intake(Signal signal, string conversationId, ReportCategory? category = null)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return new ReportIntake(
            [ContentId(conversationId)], category ?? Category(signal.Kind), ReportSource.MessageSignal, false, signal.TargetIsMinor ? true : null, null, Explain(signal));
    }

    /// <summary>Whether a declared age band is under 18.</summary>
    public static bool IsMinor(AgeBand age) => age is AgeBand.Under13 or AgeBand.From13To15 or AgeBand.From16To17;

    /// <summary>The report the minor-outreach rule makes on the account's item.</summary>
    public static ReportIntake Intake(OutreachSignal signal, OutreachRule rule)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(rule);
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{OutreachRule.Name}: {signal.SenderId} opened {signal.Minors} conversations with declared minors they are not connected to between {signal.From:u} and {signal.To:u} (rule: at least {rule.MinMinors} within {rule.Window.TotalHours:0.#} h). Conversations: {string.Join(", ", signal.ConversationIds.Take(50))}.");
        return new ReportIntake([AccountContentId(signal.SenderId)], ReportCategory.Grooming, ReportSource.MessageSignal, false, true, null, Cap(text));
    }

    /// <summary>
    /// The explanation a reviewer reads: the rule, the score against the threshold, each term, and each message with the
    /// rule that hit it and the words it matched.
    /// </summary>
    public static string Explain(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{signal.Rule} scored {signal.Score:0.00}: ");
        text.AppendJoin("; ", signal.Parts.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Reason} {p.Points:+0.00;-0.00}")));
        text.Append(CultureInfo.InvariantCulture, $". Suspect {signal.SuspectId}; recipient {signal.TargetId}{(signal.TargetIsMinor ? " (declared minor)" : "")}.");
        foreach (var e in signal.Evidence)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nmessage {e.MessageId} from {e.SenderId}: {e.Rule}{(e.Category is { } c ? " [" + SignalCategories.Name(c) + "]" : "")} \"{e.Matched}\"");
            if (e.StartMessageId is { } start)
            {
                text.Append(CultureInfo.InvariantCulture, $" (begun in {start})");
            }
        }

        return Cap(text.ToString());
    }

    private static string Cap(string text) => text.Length <= FreeText.MaxLength ? text : text[..(FreeText.MaxLength - 1)] + "…";
}
