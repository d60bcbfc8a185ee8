using System.Globalization;
using System.Xml.Linq;

namespace Aegis.Exchanges.Ncmec;

/// <summary>
/// NCMEC's hash sharing XML (namespace <c>https://hashsharing.ncmec.org/hashsharing/v2</c>, matched by local name as
/// python-threatexchange does): <c>queryResult</c> pages, feedback reasons, and the feedback submission body.
/// </summary>
internal static class NcmecXml
{
    /// <summary>NCMEC's namespace, on what Aegis sends.</summary>
    public const string Namespace = "https://hashsharing.ncmec.org/hashsharing/v2";

    /// <summary>
    /// Reads a <c>queryResult</c>. An entry without <c>id</c> or <c>member id</c> fails the page
    /// (<see cref="ExchangeError.BadResponse"/>), as in python-threatexchange; an entry element of a kind Aegis does not
    /// know (neither image nor video, deleted or not) is skipped, where python-threatexchange fails the page: NCMEC
    /// adding a kind should not stop a bank's updates.
    /// </summary>
    public static NcmecEntriesPage ParseEntries(XElement root)
    {
        if (root.Name.LocalName != "queryResult")
        {
            throw Bad($"the root element is <{root.Name.LocalName}>, not <queryResult>");
        }

        var entries = new List<NcmecEntry>();
        DateTimeOffset? max = null;
        foreach (var section in root.Elements().Where(e => e.Name.LocalName is "images" or "videos"))
        {
            if (Timestamp(section.Attribute("maxTimestamp")?.Value) is { } sectionMax && (max is null || sectionMax > max))
            {
                max = sectionMax;
            }

            foreach (var element in section.Elements())
            {
                if (Entry(element) is { } entry)
                {
                    entries.Add(entry);
                }
            }
        }

        var next = Child(Child(root, "paging"), "next")?.Value.Trim();
        return new NcmecEntriesPage(entries, max, string.IsNullOrEmpty(next) ? null : next);
    }

    /// <summary>
    /// Reads <c>availableFeedbackReasons</c>: the root itself (NCMEC's documented sample) or a child of the root (what
    /// python-threatexchange looks for). Each <c>reason</c> gives its <c>guid</c> and <c>name</c>.
    /// </summary>
    public static IReadOnlyList<NcmecFeedbackReason> ParseReasons(XElement root)
    {
        var list = root.Name.LocalName == "availableFeedbackReasons" ? root : Child(root, "availableFeedbackReasons")
            ?? throw Bad($"<{root.Name.LocalName}> holds no <availableFeedbackReasons>");
        return list.Elements()
            .Where(e => e.Name.LocalName == "reason")
            .Select(e => new NcmecFeedbackReason(
                e.Attribute("guid")?.Value ?? throw Bad("a <reason> has no guid"),
                e.Attribute("name")?.Value ?? ""))
            .ToList();
    }

    /// <summary>The <c>feedbackSubmission</c> body: <c>affirmative</c>, or <c>negative</c> with one reason's GUID.</summary>
    public static string Feedback(string? negativeReasonGuid)
    {
        XNamespace ns = Namespace;
        var vote = negativeReasonGuid is null
            ? new XElement(ns + "affirmative")
            : new XElement(ns + "negative", new XElement(ns + "reasonIds", new XElement(ns + "guid", negativeReasonGuid)));
        var document = new XDocument(new XDeclaration("1.0", "UTF-8", null), new XElement(ns + "feedbackSubmission", vote));
        return document.Declaration + document.Root!.ToString(SaveOptions.DisableFormatting);
    }

    private static NcmecEntry? Entry(XElement element)
    {
        var kind = element.Name.LocalName.ToLowerInvariant();
        var deleted = kind.StartsWith("deleted", StringComparison.Ordinal);
        kind = deleted ? kind["deleted".Length..] : kind;
        if (kind is not ("image" or "video"))
        {
            return null;
        }

        var id = Child(element, "id")?.Value.Trim();
        if (string.IsNullOrEmpty(id))
        {
            throw Bad($"an <{element.Name.LocalName}> has no <id>");
        }

        var (memberId, memberName) = Member(Child(element, "member"), $"entry {id}");
        var fingerprints = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var fingerprint in Child(element, "fingerprints")?.Elements() ?? [])
        {
            // A fingerprint given by reference (<tmk-pdqf rel="self" href="..."/>) has no text: skipped.
            if (!fingerprint.IsEmpty && fingerprint.Value.Trim() is { Length: > 0 } value)
            {
                fingerprints[fingerprint.Name.LocalName] = value;
            }
        }

        var classification = Child(element, "classification")?.Value.Trim();
        return new NcmecEntry(
            id, memberId, memberName, kind == "video", deleted, string.IsNullOrEmpty(classification) ? null : classification,
            fingerprints, Votes(Child(element, "feedback")));
    }

    /// <summary>
    /// The <c>feedback</c> block: <c>affirmativeFeedback type=..</c> lists up-voting members; <c>negativeFeedback</c>'s
    /// <c>reasons</c> alternates a <c>reason</c> and the <c>members</c> who gave it. A block that does not follow that
    /// shape is skipped (NCMEC does not document it; votes are shown to people, never acted on).
    /// </summary>
    private static List<NcmecVote> Votes(XElement? feedback)
    {
        var votes = new List<NcmecVote>();
        foreach (var sentiment in feedback?.Elements() ?? [])
        {
            var type = sentiment.Attribute("type")?.Value ?? "";
            if (sentiment.Name.LocalName == "affirmativeFeedback")
            {
                foreach (var member in Child(sentiment, "members")?.Elements() ?? [])
                {
                    if (TryMember(member, out var id, out var name))
                    {
                        votes.Add(new NcmecVote(true, type, id, name, null));
                    }
                }
            }
            else if (sentiment.Name.LocalName == "negativeFeedback")
            {
                string? reason = null;
                foreach (var part in Child(sentiment, "reasons")?.Elements() ?? [])
                {
                    if (part.Name.LocalName == "reason")
                    {
                        reason = part.Attribute("name")?.Value;
                        continue;
                    }

                    if (part.Name.LocalName == "members" && reason is not null)
                    {
                        foreach (var member in part.Elements())
                        {
                            if (TryMember(member, out var id, out var name))
                            {
                                votes.Add(new NcmecVote(false, type, id, name, reason));
                            }
                        }
                    }
                }
            }
        }

        return votes;
    }

    private static (long Id, string? Name) Member(XElement? member, string what)
    {
        if (member is null)
        {
            throw Bad($"{what} has no <member>");
        }

        return TryMember(member, out var id, out var name) ? (id, name) : throw Bad($"{what}'s <member> has no whole-number id");
    }

    private static bool TryMember(XElement member, out long id, out string? name)
    {
        var text = member.Value.Trim();
        name = text.Length == 0 ? null : text;
        return long.TryParse(member.Attribute("id")?.Value, NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out id);
    }

    private static XElement? Child(XElement? parent, string localName) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == localName);

    private static DateTimeOffset? Timestamp(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;

    private static ExchangeException Bad(string problem) =>
        new(ExchangeError.BadResponse, $"NCMEC's answer cannot be read: {problem}.");
}
