using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using static Aegis.CyberTip.Reports.XmlValues;

namespace Aegis.CyberTip.Reports;

/// <summary>The <c>&lt;report&gt;</c> document, element by element in the schema's order.</summary>
public static partial class CyberTipXml
{
    /// <summary>The schema has no bound; a person's age beyond this is a typo.</summary>
    private const int OldestAge = 150;

    private static XElement ReportElement(CyberTipReport report)
    {
        Check(report);
        return new XElement("report",
            IncidentSummary(report),
            InternetDetails(report),
            Reporter(report.Reporter),
            report.ReportedPerson is { } person ? ReportedPerson(person, report) : null,
            report.Victims.Select(victim => Victim(victim, report.Reporter)),
            Element("additionalInfo", ReportInfo(report)));
    }

    private static XElement IncidentSummary(CyberTipReport report)
    {
        var incident = report.Incident;
        return new XElement("incidentSummary",
            new XElement("incidentType", SchemaNames.Of(incident.Type)),
            Element("platform", report.Reporter.ServiceName),
            Element("escalateToHighPriority", incident.EscalationReason),
            Annotations("reportAnnotations", incident.Annotations, SchemaNames.ReportAnnotations),
            Element("incidentDateTime", incident.At),
            Element("incidentDateTimeDescription", incident.AtDescription));
    }

    /// <summary>
    /// Where it happened: the URLs (the incident's and the files' locations) as a <c>webPageIncident</c>, the messages as a
    /// <c>chatImIncident</c>. The schema asks for at least one.
    /// </summary>
    private static IEnumerable<XElement> InternetDetails(CyberTipReport report)
    {
        var urls = report.Incident.Urls.Concat(report.Files.Select(file => file.Location))
            .Where(url => !string.IsNullOrWhiteSpace(url))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var chat = report.Incident.Chat;
        if (urls.Count == 0 && chat is null)
        {
            throw new ArgumentException(
                "Incident: a report needs where it happened: Incident.Urls, a file's Location, or Incident.Chat (the schema's internetDetails).",
                nameof(report));
        }

        if (urls.Count > 0)
        {
            yield return new XElement("internetDetails",
                new XElement("webPageIncident", urls.Select(url => new XElement("url", Text(url!)))));
        }

        if (chat is not null)
        {
            yield return new XElement("internetDetails",
                new XElement("chatImIncident",
                    Element("chatClient", report.Reporter.ServiceName),
                    Element("chatRoomName", chat.RoomName),
                    new XElement("content", Text(Transcript(chat)))));
        }
    }

    private static XElement Reporter(CyberTipReporter reporter) =>
        new("reporter",
            new XElement("reportingPerson",
                Element("firstName", reporter.FirstName),
                Element("lastName", reporter.LastName),
                Element("phone", reporter.Phone),
                new XElement("email", Text(reporter.Email))),
            Element("companyTemplate", Lines(reporter.CompanyName, reporter.CompanyTemplate)),
            Element("termsOfService", reporter.TermsOfService),
            Element("legalURL", reporter.LegalUrl));

    private static XElement ReportedPerson(CyberTipReportedPerson person, CyberTipReport report) =>
        new("personOrUserReported",
            Element("espIdentifier", person.AccountId),
            Element("espService", report.Reporter.ServiceName),
            Element("screenName", person.ScreenName),
            Element("displayName", person.DisplayName),
            Element("profileUrl", person.ProfileUrl),
            person.IpEvents.Select(IpEvent),
            report.PriorReportIds.Select(id => new XElement("priorCTReports", id)),
            Element("additionalInfo", person.AdditionalInfo));

    private static XElement Victim(CyberTipVictim victim, CyberTipReporter reporter) =>
        new("victim",
            new XElement("victimPerson", victim.Age is { } age ? new XElement("age", age) : null),
            Element("espIdentifier", victim.AccountId),
            string.IsNullOrWhiteSpace(victim.AccountId) ? null : Element("espService", reporter.ServiceName),
            Element("screenName", victim.ScreenName),
            Element("additionalInfo", VictimInfo(victim)));

    private static XElement IpEvent(CyberTipIpEvent ip) =>
        new("ipCaptureEvent",
            new XElement("ipAddress", Text(ip.IpAddress.Trim())),
            new XElement("eventName", SchemaNames.Of(ip.Kind)),
            Element("dateTime", ip.At));

    private static XElement? Annotations<TFlags>(string name, TFlags flags, IReadOnlyList<(TFlags Flag, string Element)> known)
        where TFlags : struct, Enum
    {
        var set = known.Where(tag => flags.HasFlag(tag.Flag)).Select(tag => new XElement(tag.Element, "true")).ToList();
        return set.Count == 0 ? null : new XElement(name, set);
    }

    /// <summary>One line a message; a message's further lines are indented so none can pass for a message of its own.</summary>
    private static string Transcript(CyberTipChat chat)
    {
        var text = new StringBuilder();
        foreach (var message in chat.Messages)
        {
            var to = string.IsNullOrWhiteSpace(message.To) ? "" : " -> " + OneLine(message.To);
            var body = message.Text.ReplaceLineEndings("\n").Replace("\n", "\n    ", StringComparison.Ordinal);
            text.Append(DateTime(message.SentAt)).Append(' ').Append(OneLine(message.From)).Append(to).Append(": ").Append(body).Append('\n');
        }

        return text.ToString();
    }

    private static string OneLine(string name) => name.ReplaceLineEndings(" ");

    private static string? ReportInfo(CyberTipReport report)
    {
        var followUp = report.PriorReportIds.Count == 0
            ? null
            : "Follow-up to CyberTipline report" + (report.PriorReportIds.Count == 1 ? " " : "s ")
              + string.Join(", ", report.PriorReportIds.Select(id => id.ToString(CultureInfo.InvariantCulture))) + ".";
        return Lines(followUp, report.AdditionalInfo);
    }

    private static string? VictimInfo(CyberTipVictim victim) =>
        Lines(
            victim.ReportedThemselves ? "The victim reported this themselves." : null,
            victim.Minor ? (victim.Age is { } age ? $"The victim is a minor (age {age.ToString(CultureInfo.InvariantCulture)})." : "The victim is a minor (age not given).") : null,
            victim.AdditionalInfo);

    private static string? Lines(params string?[] lines)
    {
        var present = lines.Where(line => !string.IsNullOrWhiteSpace(line)).ToList();
        return present.Count == 0 ? null : string.Join("\n", present);
    }

    private static void Check(CyberTipReport report)
    {
        ArgumentNullException.ThrowIfNull(report.Incident, nameof(report.Incident));
        ArgumentNullException.ThrowIfNull(report.Reporter, nameof(report.Reporter));
        ArgumentNullException.ThrowIfNull(report.Victims, nameof(report.Victims));
        ArgumentNullException.ThrowIfNull(report.Files, nameof(report.Files));
        CheckFlags(report.Incident.Annotations, "Incident.Annotations");
        if (report.Incident.Chat is { } chat && (chat.Messages is null || chat.Messages.Count == 0))
        {
            throw new ArgumentException("Incident.Chat has no messages: leave Chat null when there is no conversation.", nameof(report));
        }

        if (report.ReportedPerson is { } person)
        {
            if (string.IsNullOrWhiteSpace(person.AccountId))
            {
                throw new ArgumentException("ReportedPerson.AccountId is required (the account's id on the service).", nameof(report));
            }

            for (var i = 0; i < person.IpEvents.Count; i++)
            {
                CheckIp(person.IpEvents[i], $"ReportedPerson.IpEvents[{i}]");
            }
        }

        foreach (var id in report.PriorReportIds)
        {
            if (id <= 0)
            {
                throw new ArgumentException($"PriorReportIds: {id} is not a CyberTipline report id.", nameof(report));
            }
        }

        for (var i = 0; i < report.Victims.Count; i++)
        {
            if (report.Victims[i].Age is { } age && age is < 0 or > OldestAge)
            {
                throw new ArgumentException($"Victims[{i}].Age: {age} is not an age.", nameof(report));
            }
        }

        var people = report.Victims.Select(victim => victim.AccountId).Append(report.ReportedPerson?.AccountId)
            .Where(id => id is not null).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < report.Files.Count; i++)
        {
            var file = report.Files[i];
            CheckFile(file, $"Files[{i}]");
            if (file.UploadedBy is { } uploader && !people.Contains(uploader))
            {
                throw new ArgumentException(
                    $"Files[{i}] was uploaded by account '{uploader}', neither the reported person nor a victim: a copy another account uploaded belongs in that account's report.",
                    nameof(report));
            }
        }
    }

    private static void CheckIp(CyberTipIpEvent ip, string field)
    {
        if (string.IsNullOrWhiteSpace(ip.IpAddress) || !IPAddress.TryParse(ip.IpAddress.Trim(), out _))
        {
            throw new ArgumentException($"{field}.IpAddress: '{ip.IpAddress}' is not an IP address.", nameof(ip));
        }
    }

    private static void CheckFlags<TFlags>(TFlags flags, string field)
        where TFlags : struct, Enum
    {
        var all = Enum.GetValues<TFlags>().Aggregate(0L, (bits, flag) => bits | Convert.ToInt64(flag, CultureInfo.InvariantCulture));
        if ((Convert.ToInt64(flags, CultureInfo.InvariantCulture) & ~all) != 0)
        {
            throw new ArgumentException($"{field}: {flags} holds a tag NCMEC does not know.", field);
        }
    }
}
