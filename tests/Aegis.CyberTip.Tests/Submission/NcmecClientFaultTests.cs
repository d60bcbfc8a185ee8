using Aegis.CyberTip.Submission;
using Aegis.Fakes.Ncmec;

namespace Aegis.CyberTip.Tests.Submission;

/// <summary>Every way a step can fail maps to an <see cref="NcmecException"/> that says whether to try again.</summary>
public sealed class NcmecClientFaultTests
{
    /// <summary>How long the client waits in the hang tests: short, since the fake never answers.</summary>
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromMilliseconds(500);

    private static CancellationToken None => CancellationToken.None;

    [Theory]
    [InlineData(1000, true)]
    [InlineData(1999, true)]
    [InlineData(2000, false)]
    [InlineData(3000, false)]
    [InlineData(3100, false)]
    [InlineData(3300, false)]
    [InlineData(4000, false)]
    [InlineData(4100, false)]
    [InlineData(4110, false)]
    [InlineData(4200, false)]
    [InlineData(5001, false)]
    [InlineData(5002, false)]
    [InlineData(5101, false)]
    [InlineData(5102, false)]
    [InlineData(7777, false)]
    public async Task An_NCMEC_code_is_kept_with_its_Request_ID_and_says_whether_to_retry(int code, bool retryable)
    {
        // Given NCMEC answering the submit with the code
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake);
        fake.Fail("submit", NcmecFault.Code(code));

        // When the report is submitted
        var e = await Assert.ThrowsAsync<NcmecException>(() => test.Client.SubmitAsync(NcmecDocuments.Report, None));

        // Then the exception carries the code, the HTTP status, the Request-ID, and whether to retry
        var answered = Assert.Single(fake.Requests);
        Assert.Equal(code, e.ResponseCode);
        Assert.Equal(answered.HttpStatus, e.HttpStatus);
        Assert.Equal(answered.RequestId, e.RequestId);
        Assert.Equal(retryable, e.Retryable);
        Assert.Contains($"({code} ", e.Message, StringComparison.Ordinal);
        Assert.Contains(answered.RequestId!, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(fake.Password, e.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Reports);
    }

    [Fact]
    public async Task A_code_answered_with_HTTP_200_is_still_a_refusal()
    {
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake);
        fake.Fail("status", NcmecFault.Code(1000, httpStatus: 200));

        var e = await Assert.ThrowsAsync<NcmecException>(() => test.Client.StatusAsync(None));

        Assert.Equal(1000, e.ResponseCode);
        Assert.Equal(200, e.HttpStatus);
        Assert.True(e.Retryable);
        Assert.StartsWith("NCMEC had a server error on GET /status (1000 server error)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_error_is_retryable_and_the_retry_succeeds()
    {
        // Given NCMEC failing the next upload with HTTP 500 (code 1000)
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake);
        var id = (await test.Client.SubmitAsync(NcmecDocuments.Report, None)).Value;
        fake.Fail("upload", NcmecFault.ServerError, times: 1);

        // When the file is uploaded, then again
        var e = await Assert.ThrowsAsync<NcmecException>(() => test.Client.UploadAsync(id, "a.png", new MemoryStream(NcmecDocuments.File(1)), None));
        await test.Client.UploadAsync(id, "a.png", new MemoryStream(NcmecDocuments.File(1)), None);

        // Then the first failed retryably with NCMEC's code and Request-ID, took no effect, and the retry stored the file once
        Assert.Equal((1000, 500, true), (e.ResponseCode, e.HttpStatus, e.Retryable));
        Assert.Equal(fake.Requests[1].RequestId, e.RequestId);
        Assert.Single(fake.Report(id).Files);
    }

    [Fact]
    public async Task An_unavailable_service_without_NCMEC_XML_is_retryable()
    {
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake);
        fake.Fail("status", NcmecFault.Unavailable);

        var e = await Assert.ThrowsAsync<NcmecException>(() => test.Client.StatusAsync(None));

        Assert.Null(e.ResponseCode);
        Assert.Equal(503, e.HttpStatus);
        Assert.True(e.Retryable);
        Assert.Equal(Assert.Single(fake.Requests).RequestId, e.RequestId);
        Assert.Contains("HTTP 503", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_that_is_not_XML_is_a_clear_retryable_error()
    {
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake);
        fake.Fail("submit", NcmecFault.MalformedAnswer);

        var e = await Assert.ThrowsAsync<NcmecException>(() => test.Client.SubmitAsync(NcmecDocuments.Report, None));

        Assert.True(e.Retryable);
        Assert.Null(e.ResponseCode);
        Assert.Equal(200, e.HttpStatus);
        Assert.Equal(Assert.Single(fake.Requests).RequestId, e.RequestId);
        Assert.StartsWith("NCMEC's answer to POST /submit was not one Aegis can read: not XML", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_step_NCMEC_never_answers_times_out_retryably()
    {
        // Given NCMEC hanging on the next finish, and a client that waits briefly
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake, timeout: ShortTimeout);
        var id = (await test.Client.SubmitAsync(NcmecDocuments.Report, None)).Value;
        fake.Fail("finish", NcmecFault.Timeout);

        // When the report is finished
        var e = await Assert.ThrowsAsync<NcmecException>(() => test.Client.FinishAsync(id, None));

        // Then the client gave up retryably, and the step did not take effect
        Assert.True(e.Retryable);
        Assert.Null(e.ResponseCode);
        Assert.Null(e.HttpStatus);
        Assert.IsAssignableFrom<OperationCanceledException>(e.InnerException);
        Assert.StartsWith("NCMEC did not answer POST /finish within 0.5 s", e.Message, StringComparison.Ordinal);
        Assert.Equal(FakeNcmecReportState.Open, fake.Report(id).State);
    }

    [Fact]
    public async Task The_callers_cancellation_is_a_cancellation_not_an_NCMEC_failure()
    {
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake);
        fake.Fail("status", NcmecFault.Timeout);
        using var cancel = new CancellationTokenSource();
        var status = test.Client.StatusAsync(cancel.Token);
        await Waits.UntilAsync(() => fake.Requests.Count == 1, "the status request at the fake");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => status);
    }

    [Fact]
    public async Task A_reset_connection_is_retryable_and_the_step_did_not_happen()
    {
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake);
        fake.Fail("submit", NcmecFault.ConnectionReset);

        var e = await Assert.ThrowsAsync<NcmecException>(() => test.Client.SubmitAsync(NcmecDocuments.Report, None));

        Assert.True(e.Retryable);
        Assert.Null(e.ResponseCode);
        Assert.Contains("POST /submit to NCMEC did not complete", e.Message, StringComparison.Ordinal);
        Assert.Empty(fake.Reports);
    }

    [Fact]
    public async Task A_refused_connection_is_retryable()
    {
        // Given the address of a fake NCMEC that has stopped
        var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake);
        await fake.DisposeAsync();

        var e = await Assert.ThrowsAsync<NcmecException>(() => test.Client.StatusAsync(None));

        Assert.True(e.Retryable);
        Assert.Null(e.ResponseCode);
        Assert.Null(e.HttpStatus);
        Assert.Null(e.RequestId);
        Assert.Contains("GET /status to NCMEC did not complete: the connection failed (ConnectionRefused)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_finish_whose_answer_was_lost_is_finished_and_its_retry_says_already_finished()
    {
        // Given NCMEC finishing the report and the answer lost on the way back
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake);
        var id = (await test.Client.SubmitAsync(NcmecDocuments.Report, None)).Value;
        fake.Fail("finish", NcmecFault.AnswerLost);

        // When the finish is sent, fails retryably, and is retried
        var lost = await Assert.ThrowsAsync<NcmecException>(() => test.Client.FinishAsync(id, None));
        var retried = await Assert.ThrowsAsync<NcmecException>(() => test.Client.FinishAsync(id, None));

        // Then NCMEC had finished it the first time, and the retry meets 5102: done, not to be retried again
        Assert.True(lost.Retryable);
        Assert.Equal(FakeNcmecReportState.Finished, fake.Report(id).State);
        Assert.Equal(5102, retried.ResponseCode);
        Assert.False(retried.Retryable);
        Assert.StartsWith("The report was already finished at NCMEC (5102 already finished)", retried.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_submit_whose_answer_was_lost_opened_a_report_all_the_same()
    {
        // Given NCMEC opening the report and then failing the answer with a server error
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake);
        fake.Fail("submit", NcmecFault.ServerError.AfterTheStep());

        var e = await Assert.ThrowsAsync<NcmecException>(() => test.Client.SubmitAsync(NcmecDocuments.Report, None));

        // Then the caller sees a retryable failure while NCMEC holds an open report it never learnt the id of
        Assert.True(e.Retryable);
        Assert.Equal(FakeNcmecReportState.Open, Assert.Single(fake.Reports).State);
    }

    [Fact]
    public async Task An_upload_NCMEC_received_with_other_bytes_is_not_retried()
    {
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake);
        var id = (await test.Client.SubmitAsync(NcmecDocuments.Report, None)).Value;
        fake.Fail("upload", NcmecFault.WrongHash);

        var e = await Assert.ThrowsAsync<NcmecException>(() => test.Client.UploadAsync(id, "a.png", new MemoryStream(NcmecDocuments.File(5)), None));

        Assert.False(e.Retryable);
        Assert.Equal(fake.Requests[^1].RequestId, e.RequestId);
        Assert.StartsWith("NCMEC received different bytes than were sent on POST /upload", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_3000_and_never_shown()
    {
        await using var fake = await FakeNcmec.StartAsync();
        using var test = new NcmecTestClient(fake, password: "not-the-password");

        var e = await Assert.ThrowsAsync<NcmecException>(() => test.Client.StatusAsync(None));

        Assert.Equal((3000, 403, false), (e.ResponseCode, e.HttpStatus, e.Retryable));
        Assert.DoesNotContain("not-the-password", e.Message, StringComparison.Ordinal);
        Assert.Contains("refused the credentials", e.Message, StringComparison.Ordinal);
    }
}
