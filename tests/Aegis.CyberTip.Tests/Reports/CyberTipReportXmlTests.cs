using System.Xml.Linq;
using Aegis.CyberTip.Reports;
using static Aegis.CyberTip.Tests.Reports.Documents;

namespace Aegis.CyberTip.Tests.Reports;

public sealed class CyberTipReportXmlTests
{
    [Fact]
    public void The_founding_case_is_one_persons_report_valid_against_NCMECs_schema()
    {
        var own = Samples.FoundingUploads.Where(file => file.UploadedBy == Samples.Person).ToList();

        var report = Valid(CyberTipXml.Report(Samples.Founding(own))).Root!;

        var summary = report.Element("incidentSummary")!;
        Assert.Equal("Child Pornography (possession, manufacture, and distribution)", summary.Element("incidentType")!.Value);
        Assert.Equal("Example Social", summary.Element("platform")!.Value);
        Assert.Equal("true", summary.Element("reportAnnotations")!.Element("sextortion")!.Value);
        Assert.Equal("2025-11-02T21:14:09+01:00", summary.Element("incidentDateTime")!.Value);
        Assert.Equal(["https://social.example/p/1", "https://social.example/p/2"], Values(report.Element("internetDetails")!, "url"));

        var person = Assert.Single(report.Elements("personOrUserReported"));
        Assert.Equal(Samples.Person, person.Element("espIdentifier")!.Value);
        Assert.Equal("sunny_day", person.Element("screenName")!.Value);
        Assert.Equal(
            [("192.0.2.1", "Login"), ("203.0.113.7", "Upload"), ("2001:db8::7", "Upload")],
            person.Elements("ipCaptureEvent").Select(ip => (ip.Element("ipAddress")!.Value, ip.Element("eventName")!.Value)));
        Assert.Equal("2025-11-02T21:15:09+01:00", person.Elements("ipCaptureEvent").Last().Element("dateTime")!.Value);

        var victim = Assert.Single(report.Elements("victim"));
        Assert.Equal("13", victim.Element("victimPerson")!.Element("age")!.Value);
        Assert.Equal(Samples.Victim, victim.Element("espIdentifier")!.Value);
        Assert.Contains("reported this themselves", victim.Element("additionalInfo")!.Value, StringComparison.Ordinal);
        Assert.Contains("minor (age 13)", victim.Element("additionalInfo")!.Value, StringComparison.Ordinal);

        var text = report.ToString();
        foreach (var copy in Samples.FoundingUploads.Except(own))
        {
            Assert.DoesNotContain(copy.UploadedBy!, text, StringComparison.Ordinal);
            Assert.DoesNotContain(copy.Location!, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_copy_uploaded_by_another_account_is_refused_from_this_persons_report()
    {
        var error = Assert.Throws<ArgumentException>(() => CyberTipXml.Report(Samples.Founding(Samples.FoundingUploads)));

        Assert.Contains("Files[2] was uploaded by account 'acct-2001'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_the_victim_sent_belongs_in_the_report_about_the_person_who_received_it()
    {
        var sent = Samples.Upload("sent.jpg", Samples.Victim, "198.51.100.9", 3, "https://social.example/m/3");

        Valid(CyberTipXml.Report(Samples.Founding([sent])));
    }

    [Fact]
    public void A_text_only_sextortion_report_is_valid_against_NCMECs_schema()
    {
        var report = Valid(CyberTipXml.Report(Samples.TextOnlySextortion())).Root!;

        Assert.Equal("Online Enticement of Children for Sexual Acts", Value(report, "incidentType"));
        Assert.Equal("true", Value(report, "sextortion"));
        var chat = Assert.Single(report.Elements("internetDetails")).Element("chatImIncident")!;
        Assert.Equal("Example Social", chat.Element("chatClient")!.Value);
        Assert.Equal(
            "2025-11-02T21:14:09+01:00 acct-1001 -> acct-3001: send me a picture or I tell everyone\n"
            + "2025-11-02T21:15:09+01:00 acct-3001 -> acct-1001: no, stop\n"
            + "2025-11-02T21:16:09+01:00 acct-1001 -> acct-3001: last chance.\n    I mean it\n",
            chat.Element("content")!.Value);
        Assert.Empty(report.Descendants("webPageIncident"));
        Assert.Equal("14", Value(report, "age"));
    }

    [Fact]
    public void A_report_with_fifty_files_is_valid_against_NCMECs_schema()
    {
        var files = Enumerable.Range(1, 50)
            .Select(i => Samples.Upload($"item-{i}.jpg", Samples.Person, $"203.0.113.{i}", i, $"https://social.example/p/{i}"))
            .ToList();

        var report = Valid(CyberTipXml.Report(Samples.Founding(files))).Root!;

        Assert.Equal(files.Select(file => file.Location), Values(report, "url"));
        Assert.Equal(51, report.Descendants("ipCaptureEvent").Count());
        Assert.All(files, (file, i) => Valid(CyberTipXml.FileDetails(9_000_001, $"file-{i}", file)));
    }

    [Fact]
    public void A_follow_up_report_cites_the_earlier_report_ids_and_is_valid_against_NCMECs_schema()
    {
        var followUp = Samples.TextOnlySextortion() with { PriorReportIds = [123_456_789, 123_456_790], AdditionalInfo = "The account came back." };

        var report = Valid(CyberTipXml.Report(followUp)).Root!;

        Assert.Equal(["123456789", "123456790"], Values(report.Element("personOrUserReported")!, "priorCTReports"));
        Assert.Equal(
            "Follow-up to CyberTipline reports 123456789, 123456790.\nThe account came back.",
            report.Element("additionalInfo")!.Value);
    }

    [Fact]
    public void A_follow_up_about_an_unknown_person_still_names_the_earlier_reports()
    {
        var followUp = Samples.TextOnlySextortion() with { ReportedPerson = null, PriorReportIds = [77] };

        var report = Valid(CyberTipXml.Report(followUp)).Root!;

        Assert.Empty(report.Elements("personOrUserReported"));
        Assert.Equal("Follow-up to CyberTipline report 77.", report.Element("additionalInfo")!.Value);
    }

    [Fact]
    public void The_reports_elements_are_in_the_schemas_order()
    {
        var report = Valid(CyberTipXml.Report(Samples.Founding([Samples.FoundingUploads[0]]) with
        {
            Incident = Samples.TextOnlySextortion().Incident with { Urls = ["https://social.example/p/1"], EscalationReason = "Ongoing threats." },
            PriorReportIds = [5],
        })).Root!;

        Assert.Equal(["incidentSummary", "internetDetails", "internetDetails", "reporter", "personOrUserReported", "victim", "additionalInfo"], Children(report));
        Assert.Equal(
            ["incidentType", "platform", "escalateToHighPriority", "reportAnnotations", "incidentDateTime"],
            Children(report.Element("incidentSummary")!));
        Assert.Equal(["webPageIncident", "chatImIncident"], report.Elements("internetDetails").Select(details => details.Elements().Single().Name.LocalName));
        Assert.Equal(["reportingPerson", "companyTemplate", "legalURL"], Children(report.Element("reporter")!));
        Assert.Equal(["firstName", "lastName", "phone", "email"], Children(report.Element("reporter")!.Element("reportingPerson")!));
        Assert.Equal(
            ["espIdentifier", "espService", "screenName", "profileUrl", "ipCaptureEvent", "ipCaptureEvent", "priorCTReports"],
            Children(report.Element("personOrUserReported")!));
        Assert.Equal(["victimPerson", "espIdentifier", "espService", "additionalInfo"], Children(report.Element("victim")!));
    }

    [Fact]
    public void The_reporter_is_written_from_configuration_with_the_company_heading_its_template()
    {
        var reporter = Valid(CyberTipXml.Report(Samples.TextOnlySextortion())).Root!.Element("reporter")!;

        Assert.Equal("cybertip@social.example", reporter.Element("reportingPerson")!.Element("email")!.Value);
        Assert.Equal("+1 555 0100", reporter.Element("reportingPerson")!.Element("phone")!.Value);
        Assert.Equal("Example Social Ltd\nLegal process: legal@social.example. Data kept 90 days.", reporter.Element("companyTemplate")!.Value);
    }

    [Fact]
    public void Hostile_strings_are_escaped_and_survive_the_round_trip()
    {
        const string screenName = "<b>&amp;\"'</report>]]><!--";
        var hostile = Samples.TextOnlySextortion() with
        {
            ReportedPerson = new CyberTipReportedPerson("acct-<&\">") { ScreenName = screenName, DisplayName = "x\u0001y\uD800z 🙂" },
            AdditionalInfo = "</additionalInfo><victim/>",
        };

        var report = Valid(CyberTipXml.Report(hostile)).Root!;

        var person = report.Element("personOrUserReported")!;
        Assert.Equal(screenName, person.Element("screenName")!.Value);
        Assert.Equal("acct-<&\">", person.Element("espIdentifier")!.Value);
        Assert.Equal("x\uFFFDy\uFFFDz 🙂", person.Element("displayName")!.Value);
        Assert.Equal("</additionalInfo><victim/>", report.Element("additionalInfo")!.Value);
        Assert.Single(report.Elements("victim"));
    }

    [Fact]
    public void A_message_cannot_pass_for_another_line_of_the_transcript()
    {
        var chat = new CyberTipChat([new CyberTipMessage(Samples.Start, "mallory\n2025-01-01T00:00:00+00:00 acct-3001", null, "hi\r\nacct-3001: yes")]);
        var report = Samples.TextOnlySextortion() with { Incident = Samples.TextOnlySextortion().Incident with { Chat = chat } };

        var content = Value(Valid(CyberTipXml.Report(report)), "content");

        Assert.Equal("2025-11-02T21:14:09+01:00 mallory 2025-01-01T00:00:00+00:00 acct-3001: hi\n    acct-3001: yes\n", content);
    }

    [Fact]
    public void A_report_with_nowhere_it_happened_is_refused_naming_the_fields()
    {
        var nowhere = Samples.Founding([]);

        var error = Assert.Throws<ArgumentException>(() => CyberTipXml.Report(nowhere));

        Assert.Contains("Incident.Urls, a file's Location, or Incident.Chat", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not-an-ip", "ReportedPerson.IpEvents[0].IpAddress")]
    [InlineData("", "ReportedPerson.IpEvents[0].IpAddress")]
    public void A_malformed_ip_address_is_refused_naming_the_field(string ip, string field)
    {
        var report = Samples.TextOnlySextortion() with
        {
            ReportedPerson = new CyberTipReportedPerson(Samples.Person) { IpEvents = [new CyberTipIpEvent(ip, CyberTipIpEventKind.Login, null)] },
        };

        var error = Assert.Throws<ArgumentException>(() => CyberTipXml.Report(report));

        Assert.StartsWith(field, error.Message, StringComparison.Ordinal);
    }
}
