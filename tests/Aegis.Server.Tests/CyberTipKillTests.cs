using System.Net;
using Aegis.Fakes;
using Aegis.Fakes.Ncmec;
using Aegis.Server.Tests.Support;
using Aegis.Storage;

namespace Aegis.Server.Tests;

/// <summary>
/// A real <c>aegis serve</c> SIGKILLed at every step of a CyberTipline submission, while its call hangs at NCMEC before
/// the step took effect and after it did: the restarted node resumes it, and NCMEC ends with exactly one finished report
/// with the file, nothing unfinished once NCMEC's window has passed.
/// </summary>
public abstract class CyberTipKillTests
{
    public static TheoryData<string, bool> Steps() => new()
    {
        { "submit", false }, { "submit", true },
        { "upload", false }, { "upload", true },
        { "fileinfo", false }, { "fileinfo", true },
        { "finish", false }, { "finish", true },
    };

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    [Theory]
    [MemberData(nameof(Steps))]
    public async Task A_server_killed_during_a_step_resumes_the_submission_and_NCMEC_ends_with_one_finished_report(string endpoint, bool afterTheStep)
    {
        // Given a server reporting to NCMEC (the fake), a stand-in bank trusted for automatic submission, and NCMEC
        // hanging on one step (before it takes effect, or after)
        await using var database = await CreateDatabaseAsync();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var ncmec = await FakeNcmec.StartAsync(clock);
        string platformKey, curatorKey, reviewerKey;
        await using (var store = await BankStore.OpenAsync(database.Options))
        {
            var keys = new ApiKeyStore(store);
            (platformKey, curatorKey, reviewerKey) = ((await keys.CreateAsync("platform", ApiKeyRole.Platform)).Secret, (await keys.CreateAsync("curator", ApiKeyRole.Curator)).Secret, (await keys.CreateAsync("reviewer", ApiKeyRole.Reviewer)).Secret);
        }

        var environment = new Dictionary<string, string>
        {
            ["AEGIS_CYBERTIP__BASEURL"] = ncmec.BaseUrl.ToString(),
            ["AEGIS_CYBERTIP__USERNAME"] = ncmec.Username,
            ["AEGIS_CYBERTIP__PASSWORD"] = ncmec.Password,
            ["AEGIS_CYBERTIP__REPORTER__EMAIL"] = CyberTipFixture.ReporterEmail,
            ["AEGIS_CYBERTIP__CONTENTURL"] = CyberTipFixture.ContentUrl,
            ["AEGIS_CYBERTIP__AUTOSUBMIT"] = "true",
            ["AEGIS_CYBERTIP__AUTOSUBMITBANKS"] = CyberTipFixture.NcmecBank,
            ["AEGIS_CYBERTIP__RETRYSECONDS"] = "0.05",
            ["AEGIS_CYBERTIP__POLLMILLISECONDS"] = "50",
            ["AEGIS_CONTENTINDEX__NODEID"] = "node-kill", // the restarted node is the same node: it takes its own claims back at once
        };
        var image = Images.Unrelated(1600);
        await using var server = await ServerProcess.StartAsync(database.Options, environment);
        long caseId;
        using (var curator = server.Client(curatorKey))
        using (var platform = server.Client(platformKey))
        {
            await (await curator.PostJsonAsync("/v1/banks", new { name = CyberTipFixture.NcmecBank })).JsonAsync(HttpStatusCode.Created);
            await (await curator.PostJsonAsync($"/v1/banks/{CyberTipFixture.NcmecBank}/entries", new { signal_type = "md5", value = Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(image)) }))
                .JsonAsync(HttpStatusCode.Created);
            ncmec.Fail(endpoint, afterTheStep ? NcmecFault.Timeout.AfterTheStep() : NcmecFault.Timeout);

            // When a known file is blocked, its report goes by itself, and the server is killed while NCMEC hangs on the step
            caseId = (long)(await (await platform.PostBytesAsync("/v1/media?content_id=kill-item&uploader_id=acct-kill&uploader_ip=203.0.113.9", image)).JsonAsync(HttpStatusCode.OK))["case_id"]!;
        }

        await Waits.UntilAsync(() => ncmec.Requests.Any(r => r.Endpoint == endpoint && r.Fault is not null), $"the {endpoint} call to hang at NCMEC");
        server.Kill();
        await server.DisposeAsync();
        await using var restarted = await ServerProcess.StartAsync(database.Options, environment);

        // Then the restarted node finishes it: one finished report with the file, and nothing left open once NCMEC's window passed
        using var reviewer = restarted.Client(reviewerKey);
        string state = "";
        await Waits.UntilAsync(
            async () =>
            {
                var view = await (await reviewer.GetAsync($"/v1/cases/{caseId}/cybertip")).JsonAsync(HttpStatusCode.OK);
                state = (string)view["state"]!;
                return state is "submitted" or "failed";
            },
            "the report to be submitted after the restart",
            seen: () => state);
        Assert.Equal("submitted", state);
        var finished = Assert.Single(ncmec.Reports, r => r.State == FakeNcmecReportState.Finished);
        Assert.Equal(image, Assert.Single(finished.Files).Bytes);
        clock.Advance(TimeSpan.FromHours(25));
        Assert.DoesNotContain(ncmec.Reports, r => r.State == FakeNcmecReportState.Open);
    }
}

public sealed class SqliteCyberTipKillTests : CyberTipKillTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresCyberTipKillTests : CyberTipKillTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();
}
