using System.Net;
using System.Text.Json.Nodes;
using Aegis.Exchanges;
using Aegis.Exchanges.Ncmec;
using Aegis.Exchanges.StopNcii;
using Aegis.Fakes.Exchanges;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Tests.Exchanges;

/// <summary>
/// Sharing back: a reviewer's confirmation, and a dismissal once the two-person rule has run, reach the exchanges that
/// shared the matched entries in their own formats (NCMEC's affirmative and negative feedback, StopNCII's Blocked and
/// NotBlocked), against fakes of those exchanges; a failure is tried again; two nodes send each verdict once.
/// </summary>
public abstract class ExchangeFeedbackTests : ExchangeTestsBase
{
    private string _reviewer = "";
    private string _senior = "";

    [Fact]
    public async Task A_confirmation_sends_NCMEC_affirmative_feedback_and_a_final_dismissal_negative_feedback_with_the_set_reason()
    {
        await using var ncmec = await FakeNcmecHashSharing.StartAsync();
        var server = await StartServerAsync(services: s => s.AddSingleton<IExchangeApi>(new NcmecHashSharingApi([ncmec.BaseUrl])));
        await KeysAsync();
        using var admin = server.Client(Admin);
        using var platform = server.Client(Platform);
        var (pdqConfirmed, bytesConfirmed) = await PictureAsync(platform, 31);
        var (pdqDismissed, bytesDismissed) = await PictureAsync(platform, 32);
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        ncmec.Put(new FakeNcmecEntry("entry-confirmed", 42, "Member 42", false, at, "A1", new Dictionary<string, string> { ["pdq"] = pdqConfirmed }));
        ncmec.Put(new FakeNcmecEntry("entry-dismissed", 42, "Member 42", false, at, "A2", new Dictionary<string, string> { ["pdq"] = pdqDismissed }));

        // Given an NCMEC exchange filling a hold bank, with the reason its negative feedback gives
        await (await admin.PostJsonAsync("/v1/banks", new { name = "ncmec-bank", action = "hold" })).JsonAsync(HttpStatusCode.Created);
        await (await admin.PostJsonAsync("/v1/exchanges", new
        {
            name = "ncmec",
            api = "ncmec",
            bank = "ncmec-bank",
            settings = new { environment = ncmec.BaseUrl.AbsoluteUri.TrimEnd('/') },
            credentials = new { user = ncmec.User, password = ncmec.Password },
        })).JsonAsync(HttpStatusCode.Created);
        var set = await (await admin.PatchAsync("/v1/exchanges/ncmec", System.Net.Http.Json.JsonContent.Create(new { feedback_reason = "Wrong classification" }))).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("Wrong classification", true), ((string)set["feedback_reason"]!, (bool)set["send_feedback"]!));
        await StatusUntilAsync(admin, "ncmec", s => Long(s, "total.added") == 2, "both NCMEC entries in the bank");
        await MatchableAsync(platform, [pdqConfirmed, pdqDismissed]);

        // When the two pictures are uploaded again, one held case is confirmed and the other dismissed by two reviewers
        var confirmed = await HeldCaseAsync(platform, bytesConfirmed, "again-confirmed");
        var dismissed = await HeldCaseAsync(platform, bytesDismissed, "again-dismissed");
        await DecideAsync(server, _reviewer, confirmed, new { kind = "confirm_csam", reason = "private words 7d1c", classification = "A1" }, "confirmed");
        await DecideAsync(server, _reviewer, dismissed, new { kind = "dismiss", reason = "private words 7d1c" }, "awaiting_second_review");
        Assert.DoesNotContain(ncmec.Feedback, f => !f.Affirmative); // the first dismissal is not the final word
        await DecideAsync(server, _senior, dismissed, new { kind = "dismiss", reason = "private words 7d1c" }, "dismissed");

        // Then NCMEC heard both, addressed by member, entry and fingerprint type; the negative one with the set reason
        var feedback = await FeedbackUntilAsync(admin, "ncmec", 2);
        Assert.All(feedback, f => Assert.Equal("sent", (string)f["state"]!));
        var yes = Assert.Single(ncmec.Feedback, f => f.Affirmative);
        var no = Assert.Single(ncmec.Feedback, f => !f.Affirmative);
        Assert.Equal((42L, "entry-confirmed", "PDQ", null), (yes.EspId, yes.EntryId, yes.Type, yes.ReasonGuid));
        Assert.Equal((42L, "entry-dismissed", "PDQ", "11234567-abcd-0123-4567-012345678901"), (no.EspId, no.EntryId, no.Type, no.ReasonGuid));
        Assert.Equal(
            [(confirmed, "confirmed"), (dismissed, "dismissed")],
            feedback.Select(f => ((long)f["case_id"]!, (string)f["verdict"]!)).OrderBy(f => f.Item1));

        // And the reviewers' own words never left the platform
        Assert.DoesNotContain(ncmec.Requests, r => r.Body.Contains("private words", StringComparison.Ordinal) || r.Path.Contains("private", StringComparison.Ordinal));
        await using var store = await BankStore.OpenAsync(Database.Options);
        var audited = (await ExchangeTestsAudit.ActionsAsync(store, "exchange.feedback")).Select(e => JsonNode.Parse(e.Data)!).ToList();
        Assert.Equal(
            [("confirmed", "sent"), ("dismissed", "sent")],
            audited.Select(a => ((string)a["verdict"]!, (string)a["outcome"]!)).Order());
    }

    [Fact]
    public async Task StopNCII_hears_Blocked_and_NotBlocked_a_failed_call_is_tried_again_and_two_nodes_send_each_verdict_once()
    {
        await using var stopNcii = await FakeStopNcii.StartAsync();
        var first = await StartServerAsync(services: s => s.AddSingleton<IExchangeApi>(new StopNciiApi()));
        var second = await StartServerAsync(services: s => s.AddSingleton<IExchangeApi>(new StopNciiApi()));
        await KeysAsync();
        using var admin = first.Client(Admin);
        using var platform = first.Client(Platform);
        var pictures = new List<(string Pdq, byte[] Bytes)>();
        for (var seed = 41; seed < 45; seed++)
        {
            var picture = await PictureAsync(platform, seed);
            pictures.Add(picture);
            stopNcii.Put(new FakeStopNciiRecord("ImagePDQ", picture.Pdq, DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds()));
        }

        // Given a StopNCII exchange filling a hold bank, whose first SubmitFeedback call fails
        await (await admin.PostJsonAsync("/v1/banks", new { name = "ncii", action = "hold" })).JsonAsync(HttpStatusCode.Created);
        await (await admin.PostJsonAsync("/v1/exchanges", new
        {
            name = "stopncii",
            api = "stop_ncii",
            bank = "ncii",
            credentials = new
            {
                fetch_function_key = stopNcii.FetchKey,
                subscription_key = stopNcii.SubscriptionKey,
                feedback_function_key = stopNcii.FeedbackKey,
                base_url_override = stopNcii.BaseUrl.AbsoluteUri,
            },
        })).JsonAsync(HttpStatusCode.Created);
        await StatusUntilAsync(admin, "stopncii", s => Long(s, "total.added") == 4, "the four StopNCII hashes in the bank");
        await MatchableAsync(platform, [.. pictures.Select(p => p.Pdq)]);

        stopNcii.Fail(ExchangeFault.ServerError, "SubmitFeedback");

        // When three held cases are confirmed and one is dismissed (on either node)
        var cases = new List<long>();
        for (var i = 0; i < pictures.Count; i++)
        {
            cases.Add(await HeldCaseAsync(platform, pictures[i].Bytes, $"ncii-{i}"));
        }

        for (var i = 0; i < 3; i++)
        {
            await DecideAsync(i % 2 == 0 ? first : second, _reviewer, cases[i], new { kind = "confirm_violation", reason = "shared without consent" }, "confirmed");
        }

        await DecideAsync(second, _reviewer, cases[3], new { kind = "dismiss", reason = "not the person" }, "awaiting_second_review");
        await DecideAsync(first, _senior, cases[3], new { kind = "dismiss", reason = "not the person" }, "dismissed");

        // Then every verdict was sent once, the one that met the failure on its second try
        var feedback = await FeedbackUntilAsync(admin, "stopncii", 4);
        Assert.All(feedback, f => Assert.Equal("sent", (string)f["state"]!));
        Assert.Contains(feedback, f => (int)f["attempts"]! == 2);
        Assert.Equal(4, stopNcii.Feedback.Count);
        Assert.Equal(
            pictures.Select((p, i) => (p.Pdq, i < 3 ? "Blocked" : "NotBlocked")).OrderBy(p => p.Pdq),
            stopNcii.Feedback.Select(f => (f.HashValue!, f.FeedbackValue)).OrderBy(p => p.Item1));

        // And turning feedback off for the exchange owes it nothing more
        var off = await (await admin.PatchAsync("/v1/exchanges/stopncii", System.Net.Http.Json.JsonContent.Create(new { send_feedback = false }))).JsonAsync(HttpStatusCode.OK);
        Assert.False((bool)off["send_feedback"]!);
        var quiet = await HeldCaseAsync(platform, pictures[3].Bytes, "ncii-quiet"); // dismissed before, so still only held
        await DecideAsync(first, _reviewer, quiet, new { kind = "confirm_violation", reason = "shared without consent" }, "confirmed");
        Assert.Equal(4, (await FeedbackAsync(admin, "stopncii")).Count);
    }

    private async Task KeysAsync()
    {
        await using var store = await BankStore.OpenAsync(Database.Options);
        var keys = new ApiKeyStore(store);
        _reviewer = (await keys.CreateAsync("reviewer-ana", ApiKeyRole.Reviewer)).Secret;
        _senior = (await keys.CreateAsync("senior-ben", ApiKeyRole.SeniorReviewer)).Secret;
    }

    /// <summary>A benign picture (a stand-in) and its PDQ, as the gate hashed it when first uploaded.</summary>
    private static async Task<(string Pdq, byte[] Bytes)> PictureAsync(HttpClient platform, int seed)
    {
        var bytes = Images.Unrelated(seed);
        var first = await UploadAsync(platform, bytes, $"first-{seed}");
        Assert.Equal("allow", (string)first["verdict"]!);
        return ((string)first["hashes"]!["pdq"]!, bytes);
    }

    /// <summary>Waits until the node matches the fetched hashes (it follows the bank's change feed, within a second).</summary>
    private static async Task MatchableAsync(HttpClient platform, IReadOnlyList<string> pdqs)
    {
        foreach (var pdq in pdqs)
        {
            await Waits.UntilAsync(async () => (await LookupAsync(platform, pdq: pdq)).Count > 0, "the node to match the fetched hashes");
        }
    }

    /// <summary>Uploads a copy that the exchange's bank holds; the case the gate opened.</summary>
    private static async Task<long> HeldCaseAsync(HttpClient platform, byte[] bytes, string contentId)
    {
        var held = await UploadAsync(platform, bytes, contentId);
        Assert.Equal("hold", (string)held["verdict"]!);
        return (long)held["case_id"]!;
    }

    private static async Task<JsonNode> UploadAsync(HttpClient platform, byte[] bytes, string contentId) =>
        await (await platform.PostBytesAsync($"/v1/media?content_id={contentId}&uploader_id=acct-{contentId}&uploaded_at=2026-12-05T10:00:00Z", bytes)).JsonAsync(HttpStatusCode.OK);

    private static async Task DecideAsync(RunningServer server, string key, long caseId, object decision, string state)
    {
        using var client = server.Client(key);
        var decided = await (await client.PostJsonAsync($"/v1/cases/{caseId}/decisions", decision)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(state, (string)decided["state"]!);
    }

    private static async Task<List<JsonNode>> FeedbackAsync(HttpClient admin, string exchange) =>
        [.. (await (await admin.GetAsync($"/v1/exchanges/{exchange}/feedback")).JsonAsync(HttpStatusCode.OK)).AsArray().Select(f => f!)];

    /// <summary>Waits until <paramref name="count"/> verdicts are owed and none is pending; returns them.</summary>
    private static async Task<List<JsonNode>> FeedbackUntilAsync(HttpClient admin, string exchange, int count)
    {
        List<JsonNode> feedback = [];
        await Waits.UntilAsync(
            async () =>
            {
                feedback = await FeedbackAsync(admin, exchange);
                return feedback.Count == count && feedback.All(f => (string)f["state"]! != "pending");
            },
            $"{count} verdicts sent to '{exchange}'",
            () => string.Join("; ", feedback.Select(f => f.ToJsonString())));
        return feedback;
    }
}

public sealed class SqliteExchangeFeedbackTests : ExchangeFeedbackTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresExchangeFeedbackTests : ExchangeFeedbackTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();
}
