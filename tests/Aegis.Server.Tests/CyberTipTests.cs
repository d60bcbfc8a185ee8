using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Aegis.CyberTip.Schema;
using Aegis.Fakes.Ncmec;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests;

/// <summary>
/// CyberTipline reports end to end against a faithful fake of NCMEC's API: drafted from confirmed cases, approved by a
/// reviewer or automatically for exact matches against NCMEC-sourced banks, submitted step by step, faults at every
/// step ending in one finished report or one failure a human can act on. Benign images stand in for abuse material.
/// </summary>
public abstract class CyberTipTests(CyberTipFixture fixture)
{
    private HttpClient Platform => fixture.Server.Client(fixture.Platform);

    private HttpClient Reviewer => fixture.Server.Client(fixture.Reviewer);

    public static TheoryData<string, string, string> Faults() => new()
    {
        { "submit", "server_error", "submitted" },
        { "submit", "connection_reset", "submitted" },
        { "submit", "answer_lost", "submitted" },
        { "submit", "4100", "failed" },
        { "upload", "server_error", "submitted" },
        { "upload", "answer_lost", "submitted" },
        { "upload", "4200", "failed" },
        { "upload", "5001", "submitted" },
        { "fileinfo", "unavailable", "submitted" },
        { "fileinfo", "answer_lost", "submitted" },
        { "fileinfo", "4100", "failed" },
        { "finish", "server_error", "submitted" },
        { "finish", "answer_lost", "submitted" },
        { "finish", "5102_after", "submitted" },
        { "finish", "malformed_answer", "submitted" },
    };

    [Fact]
    public async Task A_gate_block_of_a_known_file_is_reported_with_no_human_step_and_the_file_attached()
    {
        // Given a bank standing in for NCMEC's hashes, trusted for automatic submission, and a file on it
        var (image, run) = (Images.Unrelated(1400), Run());
        await BankAsync(CyberTipFixture.NcmecBank, image);

        // When an account uploads it
        var blocked = await UploadAsync($"blocked-{run}", image, $"acct-{run}", "203.0.113.7");
        Assert.Equal("block", (string)blocked["verdict"]!);
        var caseId = (long)blocked["case_id"]!;

        // Then, with no person's step, one report is finished at NCMEC with the file, its bytes as uploaded
        var view = await SettledAsync(caseId);
        AssertState("submitted", view);
        Assert.Equal("system", (string)view["approved_by"]!);
        var finished = Assert.Single(ReportsAtNcmec(view), r => r.State == FakeNcmecReportState.Finished);
        Assert.Equal((long)view["ncmec_report_id"]!, finished.Id);
        Assert.Equal(image, Assert.Single(finished.Files).Bytes);
        Assert.Empty(CyberTipSchema.Validate(finished.Xml));
        Assert.Contains($"acct-{run}", finished.Xml, StringComparison.Ordinal);
        Assert.Contains("203.0.113.7", finished.Xml, StringComparison.Ordinal);
        Assert.Empty(CyberTipSchema.Validate(Assert.Single(finished.Files).FileInfoXml!));
        Assert.Equal(finished.Xml, (string)view["xml"]!);
    }

    [Fact]
    public async Task A_confirmed_case_waits_for_a_reviewers_approval_and_a_later_case_about_the_person_is_a_follow_up()
    {
        // Given an image uploaded and reported by the person shown, a minor, and confirmed as CSAM by a reviewer
        var (image, run) = (Images.Unrelated(1401), Run());
        var first = await ConfirmedAsync($"post-{run}", image, $"acct-{run}", run);

        // Then the draft is there, valid against NCMEC's schema, and nothing has gone to NCMEC
        var draft = await (await Reviewer.GetAsync($"/v1/cases/{first}/cybertip")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("drafted", (string)draft["state"]!);
        var xml = (string)draft["xml"]!;
        Assert.Empty(CyberTipSchema.Validate(xml));
        Assert.Contains("sextortion", xml, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"victim-{run}", xml, StringComparison.Ordinal);
        Assert.Empty(ReportsAtNcmec(draft));

        // When a reviewer approves it
        await (await Reviewer.PostAsync($"/v1/cases/{first}/cybertip/approve", null)).JsonAsync(HttpStatusCode.OK);

        // Then it is finished at NCMEC; approving again is refused
        var submitted = await SettledAsync(first);
        AssertState("submitted", submitted);
        Assert.Equal("reviewer-ana", (string)submitted["approved_by"]!);
        var ncmecId = (long)submitted["ncmec_report_id"]!;
        var atNcmec = fixture.Ncmec.Report(ncmecId);
        Assert.Equal(FakeNcmecReportState.Finished, atNcmec.State);
        var file = Assert.Single(atNcmec.Files);
        Assert.Equal(image, file.Bytes);
        Assert.Contains("<industryClassification>B1</industryClassification>", file.FileInfoXml, StringComparison.Ordinal);
        await (await Reviewer.PostAsync($"/v1/cases/{first}/cybertip/approve", null)).JsonAsync(HttpStatusCode.Conflict);

        // When another image of the same account is confirmed and approved
        var second = await ConfirmedAsync($"post2-{run}", Images.Unrelated(1402), $"acct-{run}", run);
        await (await Reviewer.PostAsync($"/v1/cases/{second}/cybertip/approve", null)).JsonAsync(HttpStatusCode.OK);

        // Then it is a report of its own that cites the first
        var followUp = await SettledAsync(second);
        Assert.NotEqual((long)submitted["report_id"]!, (long)followUp["report_id"]!);
        Assert.Equal([ncmecId], followUp["follow_up_of"]!.AsArray().Select(n => (long)n!));
        Assert.Contains($"<priorCTReports>{ncmecId}</priorCTReports>", fixture.Ncmec.Report((long)followUp["ncmec_report_id"]!).Xml, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_fault_at_a_step_ends_in_one_finished_report_or_one_failure_a_person_can_act_on(string endpoint, string fault, string ending)
    {
        // Given NCMEC failing one step once
        var index = Faults().Select(row => $"{row[0]}/{row[1]}").ToList().IndexOf($"{endpoint}/{fault}");
        var (image, run) = (Images.Unrelated(1500 + index), Run());
        await BankAsync(CyberTipFixture.NcmecBank, image);
        fixture.Ncmec.Fail(endpoint, Fault(fault));

        // When a known file is blocked at the gate, and its report goes by itself
        var caseId = (long)(await UploadAsync($"fault-{run}", image, $"acct-{run}", "198.51.100.4"))["case_id"]!;
        var view = await SettledAsync(caseId);

        // Then it ends as it should: one finished report with the file, or a failure with a reason and a remedy
        AssertState(ending, view);
        var reports = ReportsAtNcmec(view);
        if (ending == "submitted")
        {
            var finished = Assert.Single(reports, r => r.State == FakeNcmecReportState.Finished);
            Assert.Equal(image, Assert.Single(finished.Files).Bytes);
        }
        else
        {
            Assert.DoesNotContain(reports, r => r.State == FakeNcmecReportState.Finished);
            Assert.False(string.IsNullOrEmpty((string?)view["last_error"]), "a failure says why");
            Assert.False(string.IsNullOrEmpty((string?)view["remedy"]), "a failure says what a person can do");
        }

        // And nothing is left unfinished at NCMEC once its window has passed (a submit whose answer was lost may have
        // opened a report Aegis never heard of: it is never finished, and NCMEC deletes it)
        fixture.NcmecClock.Advance(TimeSpan.FromHours(25));
        Assert.DoesNotContain(ReportsAtNcmec(view), r => r.State == FakeNcmecReportState.Open);
    }

    [Fact]
    public async Task Two_nodes_racing_for_the_same_submissions_send_each_report_to_NCMEC_once()
    {
        // Given a second node on the same database, configured alike (both look for due submissions every 50 ms)
        await using var second = await RunningServer.StartAsync(fixture.Database.Options, fixture.Configure);

        // When six known files are blocked, half through each node (once both block them), and their reports go by themselves
        var images = Enumerable.Range(0, 6).Select(i => Images.Unrelated(1700 + i)).ToList();
        foreach (var image in images)
        {
            await BankAsync(CyberTipFixture.NcmecBank, image);
        }

        using (var lookups = second.Client(fixture.Platform))
        {
            await Waits.UntilAsync(
                async () =>
                {
                    foreach (var image in images)
                    {
                        var md5 = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(image));
                        if ((string?)(await (await lookups.PostJsonAsync("/v1/lookup", new { md5 })).JsonAsync(HttpStatusCode.OK))["verdict"] != "block")
                        {
                            return false;
                        }
                    }

                    return true;
                },
                "the second node to block the banked files");
        }

        var caseIds = new List<long>();
        for (var i = 0; i < images.Count; i++)
        {
            using var platform = (i % 2 == 0 ? fixture.Server : second).Client(fixture.Platform);
            caseIds.Add((long)(await (await platform.PostBytesAsync($"/v1/media?content_id=race-{Run()}&uploader_id=acct-race-{i}", images[i])).JsonAsync(HttpStatusCode.OK))["case_id"]!);
        }

        // Then each is one report at NCMEC, finished once, with its own file
        for (var i = 0; i < images.Count; i++)
        {
            var view = await SettledAsync(caseIds[i]);
            AssertState("submitted", view);
            var report = Assert.Single(ReportsAtNcmec(view));
            Assert.Equal(FakeNcmecReportState.Finished, report.State);
            Assert.Equal(images[i], Assert.Single(report.Files).Bytes);
        }
    }

    [Fact]
    public async Task A_text_only_sextortion_case_is_reported_with_its_messages()
    {
        // Given messages recorded as items by their sender, reported by the child they were sent to
        var run = Run();
        var messageId = $"dm-{run}";
        await (await Platform.PostJsonAsync("/v1/lookup", new { content_id = messageId, uploader_id = $"groomer-{run}", md5 = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(run))) }))
            .JsonAsync(HttpStatusCode.OK);
        var caseId = (long)(await (await Platform.PostJsonAsync("/v1/reports", new { content_ids = new[] { messageId }, category = "sextortion", reporter_id = $"child-{run}", reporter_is_subject = true, subject_was_minor = true }))
            .JsonAsync(HttpStatusCode.Created))[0]!["case_id"]!;

        // When the platform preserves the conversation and a reviewer confirms the violation, then approves the report
        var messages = $$"""[{"sent_at":"2026-12-01T20:00:00Z","from":"groomer-{{run}}","to":"child-{{run}}","text":"send me a picture or I tell everyone <{{run}}>"}]""";
        using var body = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(messages));
        body.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        Assert.True((await Platform.PutAsync($"/v1/cases/{caseId}/evidence/{messageId}", body)).IsSuccessStatusCode);
        await (await Reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "confirm_violation", reason = "sextortion of a minor" })).JsonAsync(HttpStatusCode.OK);
        await (await Reviewer.PostAsync($"/v1/cases/{caseId}/cybertip/approve", null)).JsonAsync(HttpStatusCode.OK);

        // Then NCMEC has an enticement report with the conversation in it
        var view = await SettledAsync(caseId);
        AssertState("submitted", view);
        var xml = fixture.Ncmec.Report((long)view["ncmec_report_id"]!).Xml;
        Assert.Contains("Online Enticement of Children for Sexual Acts", xml, StringComparison.Ordinal);
        Assert.Contains($"send me a picture or I tell everyone &lt;{run}&gt;", xml, StringComparison.Ordinal);
        Assert.Contains($"groomer-{run}", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_of_a_case_not_reported_is_404_and_only_reviewers_see_or_approve_reports()
    {
        var run = Run();
        await (await Platform.PostBytesAsync($"/v1/media?content_id=plain-{run}", Images.Unrelated(1403))).JsonAsync(HttpStatusCode.OK);
        var caseId = (long)(await (await Platform.PostJsonAsync("/v1/reports", new { content_ids = new[] { $"plain-{run}" }, category = "other_policy" }))
            .JsonAsync(HttpStatusCode.Created))[0]!["case_id"]!;

        var open = await (await Reviewer.GetAsync($"/v1/cases/{caseId}/cybertip")).JsonAsync(HttpStatusCode.NotFound);
        Assert.Contains("no CyberTipline report", (string)open["detail"]!, StringComparison.Ordinal);
        await (await Reviewer.PostAsync($"/v1/cases/{caseId}/cybertip/approve", null)).JsonAsync(HttpStatusCode.NotFound);
        await (await Reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "confirm_violation", reason = "spam" })).JsonAsync(HttpStatusCode.OK);
        await (await Reviewer.GetAsync($"/v1/cases/{caseId}/cybertip")).JsonAsync(HttpStatusCode.NotFound); // a spam confirmation is not reported
        Assert.Equal(HttpStatusCode.Forbidden, (await Platform.GetAsync($"/v1/cases/{caseId}/cybertip")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Platform.PostAsync($"/v1/cases/{caseId}/cybertip/approve", null)).StatusCode);
    }

    /// <summary>The report's state, with the whole view (its error, remedy and XML errors) when it is not the one expected.</summary>
    private static void AssertState(string expected, JsonNode view) =>
        Assert.True((string?)view["state"] == expected, $"expected the report {expected}; it is {view.ToJsonString()}");

    private static string Run() => Guid.NewGuid().ToString("N")[..8];

    private static NcmecFault Fault(string name) => name switch
    {
        "server_error" => NcmecFault.ServerError,
        "unavailable" => NcmecFault.Unavailable,
        "connection_reset" => NcmecFault.ConnectionReset,
        "answer_lost" => NcmecFault.AnswerLost,
        "malformed_answer" => NcmecFault.MalformedAnswer,
        "5102_after" => NcmecFault.Code(5102).AfterTheStep(),
        _ => NcmecFault.Code(int.Parse(name, System.Globalization.CultureInfo.InvariantCulture)),
    };

    /// <summary>The fake NCMEC's reports made for this Aegis report (each names it in its additional information).</summary>
    private List<FakeNcmecReport> ReportsAtNcmec(JsonNode view) =>
        [.. fixture.Ncmec.Reports.Where(r => r.Xml.Contains($"Aegis report {(long)view["report_id"]!};", StringComparison.Ordinal))];

    private async Task BankAsync(string bank, byte[] image)
    {
        using var curator = fixture.Server.Client(fixture.Curator);
        var created = await curator.PostJsonAsync("/v1/banks", new { name = bank });
        Assert.True(created.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"creating the bank answered {created.StatusCode}");
        var md5 = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(image));
        await (await curator.PostJsonAsync($"/v1/banks/{bank}/entries", new { signal_type = "md5", value = md5 })).JsonAsync(HttpStatusCode.Created);
    }

    private async Task<JsonNode> UploadAsync(string contentId, byte[] image, string uploader, string ip)
    {
        using var platform = Platform;
        return await (await platform.PostBytesAsync($"/v1/media?content_id={contentId}&uploader_id={uploader}&uploader_ip={ip}&uploaded_at=2026-12-01T19:00:00Z", image)).JsonAsync(HttpStatusCode.OK);
    }

    /// <summary>An image uploaded, reported by the minor shown (sextortion), preserved by the platform, confirmed as CSAM (B1).</summary>
    private async Task<long> ConfirmedAsync(string contentId, byte[] image, string uploader, string run)
    {
        await UploadAsync(contentId, image, uploader, "192.0.2.10");
        using var platform = Platform;
        var caseId = (long)(await (await platform.PostJsonAsync("/v1/reports", new { content_ids = new[] { contentId }, category = "sextortion", reporter_id = $"victim-{run}", reporter_is_subject = true, subject_was_minor = true }))
            .JsonAsync(HttpStatusCode.Created))[0]!["case_id"]!;
        using (var bytes = new ByteArrayContent(image))
        {
            bytes.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            var put = await platform.PutAsync($"/v1/cases/{caseId}/evidence/{contentId}", bytes);
            Assert.True(put.IsSuccessStatusCode, $"preserving the evidence answered {put.StatusCode}: {await put.Content.ReadAsStringAsync()}");
        }

        using var reviewer = Reviewer;
        await (await reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "confirm_csam", reason = "stand-in for abuse material", classification = "B1" })).JsonAsync(HttpStatusCode.OK);
        return caseId;
    }

    /// <summary>The case's report once it is submitted or failed.</summary>
    private async Task<JsonNode> SettledAsync(long caseId)
    {
        using var reviewer = Reviewer;
        JsonNode? view = null;
        await Waits.UntilAsync(
            async () =>
            {
                using var response = await reviewer.GetAsync($"/v1/cases/{caseId}/cybertip");
                view = response.StatusCode == HttpStatusCode.OK ? await response.JsonAsync(HttpStatusCode.OK) : null;
                return view?["state"]?.GetValue<string>() is "submitted" or "failed";
            },
            $"case {caseId}'s CyberTipline report to be submitted or to fail",
            seen: () => view?.ToJsonString() ?? "no report yet");
        return view!;
    }
}

public sealed class SqliteCyberTipTests(SqliteCyberTipFixture fixture) : CyberTipTests(fixture), IClassFixture<SqliteCyberTipFixture>;

public sealed class PostgresCyberTipTests(PostgresCyberTipFixture fixture) : CyberTipTests(fixture), IClassFixture<PostgresCyberTipFixture>;
