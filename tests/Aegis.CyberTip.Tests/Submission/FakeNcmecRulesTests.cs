using System.Net;
using System.Text;
using Aegis.CyberTip.Submission;
using Aegis.Fakes;
using Aegis.Fakes.Ncmec;

namespace Aegis.CyberTip.Tests.Submission;

/// <summary>The fake holds NCMEC's rules, so a client that breaks them fails at the fake as it would at NCMEC.</summary>
public sealed class FakeNcmecRulesTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task A_report_out_of_schema_order_is_refused_with_4100_naming_the_element()
    {
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake);

        var e = await Assert.ThrowsAsync<NcmecException>(() => test.Client.SubmitAsync(NcmecDocuments.ReportOutOfOrder, None));

        Assert.Equal(4100, e.ResponseCode);
        Assert.False(e.Retryable);
        Assert.StartsWith("NCMEC refused the report's XML (4100 validation failed): Validation failed: ", e.Message, StringComparison.Ordinal);
        Assert.Contains("reporter", e.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Reports);
    }

    [Fact]
    public async Task Malformed_XML_is_refused_with_4110_and_a_file_details_document_is_not_a_report()
    {
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake);

        var malformed = await Assert.ThrowsAsync<NcmecException>(() => test.Client.SubmitAsync("<report><incidentSummary>", None));
        var wrongRoot = await Assert.ThrowsAsync<NcmecException>(() => test.Client.SubmitAsync(NcmecDocuments.FileDetails(1, "f"), None));

        Assert.Equal(4110, malformed.ResponseCode);
        Assert.StartsWith("NCMEC could not read the report's XML (4110 malformed XML)", malformed.Message, StringComparison.Ordinal);
        Assert.Equal(4100, wrongRoot.ResponseCode);
        Assert.Empty(fake.Reports);
    }

    [Fact]
    public async Task Invalid_file_details_are_refused_with_4100()
    {
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake);
        var id = (await test.Client.SubmitAsync(NcmecDocuments.Report, None)).Value;
        var file = (await test.Client.UploadAsync(id, "a.png", new MemoryStream(NcmecDocuments.File(1)), None)).Value;
        var noFileId = $"<fileDetails><reportId>{id}</reportId><fileName>a.png</fileName></fileDetails>";

        var e = await Assert.ThrowsAsync<NcmecException>(() => test.Client.FileInfoAsync(noFileId, None));

        Assert.Equal(4100, e.ResponseCode);
        Assert.StartsWith("NCMEC refused the file details's XML (4100", e.Message, StringComparison.Ordinal);
        Assert.Null(fake.Report(id).Files.Single(f => f.FileId == file.FileId).FileInfoXml);
    }

    [Fact]
    public async Task Steps_on_a_report_NCMEC_does_not_hold_meet_5001()
    {
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake);
        const long unknown = 424242;

        var upload = await Assert.ThrowsAsync<NcmecException>(() => test.Client.UploadAsync(unknown, "a.png", new MemoryStream(NcmecDocuments.File(1)), None));
        var info = await Assert.ThrowsAsync<NcmecException>(() => test.Client.FileInfoAsync(NcmecDocuments.FileDetails(unknown, "f1"), None));
        var finish = await Assert.ThrowsAsync<NcmecException>(() => test.Client.FinishAsync(unknown, None));
        var retract = await Assert.ThrowsAsync<NcmecException>(() => test.Client.RetractAsync(unknown, None));

        Assert.All([upload, info, finish, retract], e => Assert.Equal((5001, false), (e.ResponseCode, e.Retryable)));
    }

    [Fact]
    public async Task File_details_name_a_file_uploaded_to_that_report_or_meet_5002()
    {
        // Given two open reports, a file uploaded to the first
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake);
        var first = (await test.Client.SubmitAsync(NcmecDocuments.Report, None)).Value;
        var second = (await test.Client.SubmitAsync(NcmecDocuments.Report, None)).Value;
        var file = (await test.Client.UploadAsync(first, "a.png", new MemoryStream(NcmecDocuments.File(1)), None)).Value;

        // When its details name the second report, or a file never uploaded
        var otherReport = await Assert.ThrowsAsync<NcmecException>(() => test.Client.FileInfoAsync(NcmecDocuments.FileDetails(second, file.FileId), None));
        var noFile = await Assert.ThrowsAsync<NcmecException>(() => test.Client.FileInfoAsync(NcmecDocuments.FileDetails(first, "never-uploaded"), None));

        // Then both meet 5002, and the right pairing is taken once
        Assert.Equal(5002, otherReport.ResponseCode);
        Assert.Equal(5002, noFile.ResponseCode);
        Assert.Contains("no such file", noFile.Message, StringComparison.Ordinal);
        await test.Client.FileInfoAsync(NcmecDocuments.FileDetails(first, file.FileId), None);
        Assert.NotNull(fake.Report(first).Files.Single().FileInfoXml);
    }

    [Fact]
    public async Task A_finished_report_takes_nothing_more_5102()
    {
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake);
        var id = (await test.Client.SubmitAsync(NcmecDocuments.Report, None)).Value;
        var file = (await test.Client.UploadAsync(id, "a.png", new MemoryStream(NcmecDocuments.File(1)), None)).Value;
        await test.Client.FinishAsync(id, None);

        var upload = await Assert.ThrowsAsync<NcmecException>(() => test.Client.UploadAsync(id, "b.png", new MemoryStream(NcmecDocuments.File(2)), None));
        var info = await Assert.ThrowsAsync<NcmecException>(() => test.Client.FileInfoAsync(NcmecDocuments.FileDetails(id, file.FileId), None));
        var retract = await Assert.ThrowsAsync<NcmecException>(() => test.Client.RetractAsync(id, None));

        Assert.All([upload, info, retract], e => Assert.Equal((5102, false), (e.ResponseCode, e.Retryable)));
        Assert.Single(fake.Report(id).Files);
        Assert.Equal(FakeNcmecReportState.Finished, fake.Report(id).State);
    }

    [Fact]
    public async Task An_unfinished_report_is_deleted_24_hours_after_opening()
    {
        // Given a report opened, idle 2 hours (past the 1-hour idle window, within the 24-hour one), then given a file
        var clock = new ManualClock(Start);
        await using var fake = await FakeNcmec.StartAsync(clock);
        using var test = new NcmecTestClient(fake);
        var id = (await test.Client.SubmitAsync(NcmecDocuments.Report, None)).Value;
        clock.Advance(TimeSpan.FromHours(2));
        await test.Client.UploadAsync(id, "a.png", new MemoryStream(NcmecDocuments.File(1)), None);

        // When it is left one tick short of 24 hours after opening, then the full 24 hours
        clock.Advance(TimeSpan.FromHours(22) - TimeSpan.FromTicks(1));
        Assert.Equal(FakeNcmecReportState.Open, fake.Report(id).State);
        clock.Advance(TimeSpan.FromTicks(1));
        var e = await Assert.ThrowsAsync<NcmecException>(() => test.Client.FinishAsync(id, None));

        // Then it is deleted 24 hours after it was opened (5001)
        Assert.Equal(5001, e.ResponseCode);
        Assert.Equal(FakeNcmecReportState.Expired, fake.Report(id).State);
        Assert.Equal(Start + FakeNcmec.OpenWindow, fake.Report(id).ExpiresAt);
    }

    [Fact]
    public async Task Past_24_hours_an_unfinished_report_lives_1_hour_after_its_last_change()
    {
        // Given a report opened, changed at 23 h 30, then at 24 h 15 (past 24 h, within 1 h of its last change)
        var clock = new ManualClock(Start);
        await using var fake = await FakeNcmec.StartAsync(clock);
        using var test = new NcmecTestClient(fake);
        var id = (await test.Client.SubmitAsync(NcmecDocuments.Report, None)).Value;
        clock.Advance(TimeSpan.FromMinutes(23 * 60 + 30));
        var file = (await test.Client.UploadAsync(id, "a.png", new MemoryStream(NcmecDocuments.File(1)), None)).Value;
        clock.Advance(TimeSpan.FromMinutes(45));
        await test.Client.FileInfoAsync(NcmecDocuments.FileDetails(id, file.FileId), None);

        // When it is left one tick short of an hour, then the full hour
        clock.Advance(FakeNcmec.IdleWindow - TimeSpan.FromTicks(1));
        Assert.Equal(FakeNcmecReportState.Open, fake.Report(id).State);
        clock.Advance(TimeSpan.FromTicks(1));
        var e = await Assert.ThrowsAsync<NcmecException>(() => test.Client.FinishAsync(id, None));

        // Then it is deleted an hour after its last change
        Assert.Equal(5001, e.ResponseCode);
        Assert.Equal(FakeNcmecReportState.Expired, fake.Report(id).State);
        Assert.Equal(Start + TimeSpan.FromMinutes(25 * 60 + 15), fake.Report(id).ExpiresAt);
    }

    [Fact]
    public async Task A_request_without_credentials_meets_2000()
    {
        await using var fake = await FakeNcmec.StartAsync();
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(fake.BaseUrl + "/status"), None);
        var body = await response.Content.ReadAsStringAsync(None);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("<responseCode>2000</responseCode>", body, StringComparison.Ordinal);
        Assert.True(response.Headers.Contains("Request-ID"));
        Assert.Null(Assert.Single(fake.Requests).Username);
    }

    [Fact]
    public async Task A_report_posted_without_text_xml_meets_4000()
    {
        await using var fake = await FakeNcmec.StartAsync();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fake.BaseUrl + "/submit"))
        {
            Content = new StringContent(NcmecDocuments.Report, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{fake.Username}:{fake.Password}")));

        using var response = await http.SendAsync(request, None);

        Assert.Contains("<responseCode>4000</responseCode>", await response.Content.ReadAsStringAsync(None), StringComparison.Ordinal);
        Assert.Empty(fake.Reports);
    }

    [Fact]
    public async Task Faults_are_asked_for_by_endpoint_and_queue_in_order()
    {
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake);
        Assert.Throws<ArgumentException>(() => fake.Fail("submitt", NcmecFault.ServerError));
        Assert.Throws<ArgumentException>(() => fake.Fail("finish", NcmecFault.WrongHash));
        fake.Fail("status", NcmecFault.Code(1001), times: 2);
        fake.Fail("status", NcmecFault.Unavailable);

        var first = await Assert.ThrowsAsync<NcmecException>(() => test.Client.StatusAsync(None));
        var second = await Assert.ThrowsAsync<NcmecException>(() => test.Client.StatusAsync(None));
        var third = await Assert.ThrowsAsync<NcmecException>(() => test.Client.StatusAsync(None));
        await test.Client.StatusAsync(None);

        Assert.Equal([1001, 1001, null], new[] { first.ResponseCode, second.ResponseCode, third.ResponseCode });
        Assert.Equal(["code 1001 (HTTP 500)", "code 1001 (HTTP 500)", "unavailable (HTTP 503)", null], fake.Requests.Select(r => r.Fault));
    }
}
