using System.Security.Cryptography;
using Aegis.CyberTip.Schema;
using Aegis.Fakes.Ncmec;

namespace Aegis.CyberTip.Tests.Submission;

/// <summary>The client through NCMEC's whole flow at the fake: status, submit, upload, fileinfo, finish; and retract.</summary>
public sealed class NcmecClientFlowTests
{
    private static CancellationToken None => CancellationToken.None;

    [Fact]
    public async Task A_report_with_two_files_ends_finished_with_both_files_at_NCMEC_byte_for_byte()
    {
        // Given a fake NCMEC and two files
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake);
        var client = test.Client;
        byte[][] files = [NcmecDocuments.File(1), NcmecDocuments.File(2, 10_000)];

        // When the whole flow runs
        var status = await client.StatusAsync(None);
        var submitted = await client.SubmitAsync(NcmecDocuments.Report, None);
        var uploaded = new List<string>();
        for (var i = 0; i < files.Length; i++)
        {
            var upload = await client.UploadAsync(submitted.Value, $"photo-{i}.png", new MemoryStream(files[i]), None);
            Assert.Equal(Convert.ToHexStringLower(MD5.HashData(files[i])), upload.Value.Md5);
            uploaded.Add(upload.Value.FileId);
            await client.FileInfoAsync(NcmecDocuments.FileDetails(submitted.Value, upload.Value.FileId, $"photo-{i}.png"), None);
        }

        var finished = await client.FinishAsync(submitted.Value, None);

        // Then NCMEC holds the report finished, with both files' bytes and details, and said so
        var report = fake.Report(submitted.Value);
        Assert.Equal(FakeNcmecReportState.Finished, report.State);
        Assert.Equal(NcmecDocuments.Report, report.Xml);
        Assert.Equal(files, report.Files.Select(f => f.Bytes));
        Assert.Equal(["photo-0.png", "photo-1.png"], report.Files.Select(f => f.FileName));
        Assert.All(report.Files, f => Assert.NotNull(f.FileInfoXml));
        Assert.Equal(uploaded, finished.Value.FileIds);
        Assert.Equal(submitted.Value, finished.Value.ReportId);
        Assert.Equal(0, finished.ResponseCode);

        // and every call went with the credentials, and kept the Request-ID NCMEC answered
        var requests = fake.Requests;
        Assert.Equal(["status", "submit", "upload", "fileinfo", "upload", "fileinfo", "finish"], requests.Select(r => r.Endpoint));
        Assert.All(requests, r => Assert.Equal(fake.Username, r.Username));
        Assert.Equal(requests[0].RequestId, status.RequestId);
        Assert.Equal(requests[1].RequestId, submitted.RequestId);
        Assert.Equal(requests[^1].RequestId, finished.RequestId);
        Assert.All(requests, r => Assert.False(string.IsNullOrEmpty(r.RequestId)));
    }

    [Fact]
    public async Task The_fakes_answers_are_NCMECs_documents()
    {
        // Given a flow that meets a success of each kind and a refusal
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake);
        var id = (await test.Client.SubmitAsync(NcmecDocuments.Report, None)).Value;
        var file = await test.Client.UploadAsync(id, "a.png", new MemoryStream(NcmecDocuments.File(3)), None);
        await test.Client.FileInfoAsync(NcmecDocuments.FileDetails(id, file.Value.FileId), None);
        await test.Client.FinishAsync(id, None);
        await Assert.ThrowsAsync<Aegis.CyberTip.Submission.NcmecException>(() => test.Client.FinishAsync(id, None));

        // Then every answer is valid against NCMEC's schema (reportResponse or reportDoneResponse)
        Assert.All(fake.Requests, r => Assert.Empty(CyberTipSchema.Validate(r.Answer!)));
        Assert.Contains(fake.Requests, r => r.Answer!.Contains("<reportDoneResponse>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_retracted_report_takes_nothing_more()
    {
        // Given an open report with a file
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake);
        var id = (await test.Client.SubmitAsync(NcmecDocuments.Report, None)).Value;
        await test.Client.UploadAsync(id, "a.png", new MemoryStream(NcmecDocuments.File(4)), None);

        // When it is retracted
        var retracted = await test.Client.RetractAsync(id, None);

        // Then NCMEC holds it retracted, and a second retract or a finish meets 5101 (already done, nothing to retry)
        Assert.Equal(0, retracted.ResponseCode);
        Assert.Equal(FakeNcmecReportState.Retracted, fake.Report(id).State);
        var again = await Assert.ThrowsAsync<Aegis.CyberTip.Submission.NcmecException>(() => test.Client.RetractAsync(id, None));
        Assert.Equal(5101, again.ResponseCode);
        Assert.False(again.Retryable);
        var finish = await Assert.ThrowsAsync<Aegis.CyberTip.Submission.NcmecException>(() => test.Client.FinishAsync(id, None));
        Assert.Equal(5101, finish.ResponseCode);
        Assert.Contains("already retracted", finish.Message, StringComparison.Ordinal);
    }
}
