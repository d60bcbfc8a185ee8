using System.Text.Json.Nodes;
using Aegis.Exchanges.StopNcii;
using Aegis.Exchanges.Tests.Ncmec;
using Aegis.Exchanges.Tests.Support;
using Aegis.Fakes;
using Aegis.Fakes.Exchanges;

namespace Aegis.Exchanges.Tests.StopNcii;

/// <summary>The StopNCII client against the fake StopNCII: runs of pages, deletions, faults, resumption, feedback.</summary>
public sealed class StopNciiFakeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    private readonly ManualClock _clock = new(Now);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private FakeStopNcii _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeStopNcii.StartAsync();
        _fake.MaxPageSize = 3;
        for (var i = 0; i < 10; i++)
        {
            _fake.Put(Hash(i, 1_600_000_000 + i * 100));
        }
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task A_run_of_pages_then_a_withdrawal_and_a_new_hash_in_the_next_run()
    {
        var bank = new BankMirror();
        await bank.SyncAsync(Client());
        Assert.Equal(4, bank.Pages);
        Assert.Equal(Expected(0..10), bank.Signals);

        // The next run: hash 2 withdrawn, hash 10 new
        _fake.Put(Hash(2, 1_650_000_000) with { HashStatus = "Withdrawn" });
        _fake.Put(Hash(10, 1_650_000_100));
        await bank.SyncAsync(Client());

        Assert.DoesNotContain(Key(2), bank.Records.Keys);
        Assert.Contains(Key(10), bank.Records.Keys);
        Assert.Equal(10, bank.Records.Count);

        // It started from the first run's nextSetTimestamp, the newest change then
        var second = _fake.Requests.Where(r => r.Endpoint == "FetchHashes" && !r.Query.ContainsKey("nextPageToken")).Last();
        Assert.Equal("1600000900", second.Query["startTimestamp"]);
        Assert.All(_fake.Requests, r => Assert.Equal(("fake-fetch-key", "fake-subscription-key"), (r.Headers["x-functions-key"], r.Headers["ocp-apim-subscription-key"])));
    }

    [Theory]
    [MemberData(nameof(NcmecFakeTests.Faults), MemberType = typeof(NcmecFakeTests))]
    public async Task A_fault_on_the_third_page_fails_the_call_and_the_checkpoint_before_it_resumes_without_loss_or_repeat(string fault, ExchangeError error)
    {
        _fake.Fail(NcmecFakeTests.Fault(fault), "FetchHashes", nth: 3);
        var bank = new BankMirror();
        var client = Client();
        await bank.StepAsync(client);
        await bank.StepAsync(client);
        var before = bank.Checkpoint;

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => client.FetchAsync(before, CancellationToken.None));

        Assert.Equal(error, failure.Error);
        await bank.SyncAsync(Client());
        Assert.Equal(Expected(0..10), bank.Signals);
        var succeeded = _fake.Requests.Where(r => r.Succeeded).Select(r => r.Query.GetValueOrDefault("nextPageToken", "")).ToList();
        Assert.Equal(4, succeeded.Count);
        Assert.Equal(4, succeeded.Distinct().Count());
    }

    [Fact]
    public async Task A_hung_request_ends_at_the_http_clients_timeout()
    {
        _fake.Fail(ExchangeFault.Hang, "FetchHashes");
        using var impatient = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => new StopNciiApi().Create(new JsonObject(), Credentials(null), impatient, _clock).FetchAsync(null, CancellationToken.None));

        Assert.Equal(ExchangeError.Failed, failure.Error);
        Assert.Contains("did not answer GET /v1/FetchHashes within 1 s", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checkpoint_resumes_on_a_new_client_with_the_runs_token()
    {
        var bank = new BankMirror();
        await bank.StepAsync(Client());
        var stored = bank.Checkpoint!;
        var asked = _fake.Requests.Count;

        await bank.SyncAsync(Client());

        Assert.Equal(Expected(0..10), bank.Signals);
        Assert.Equal(JsonNode.Parse(stored)!["token"]!.GetValue<string>(), _fake.Requests[asked].Query["nextPageToken"]);
        Assert.DoesNotContain("fake-", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_or_old_token_restarts_the_run_and_loses_nothing()
    {
        var bank = new BankMirror();
        await bank.StepAsync(Client());
        _fake.ExpireTokens();
        await bank.StepAsync(Client());
        Assert.Equal(2, _fake.Requests.Count(r => !r.Query.ContainsKey("nextPageToken")));

        _clock.Advance(TimeSpan.FromHours(2));
        await bank.SyncAsync(Client());

        Assert.Equal(Expected(0..10), bank.Signals);
        Assert.Equal(3, _fake.Requests.Count(r => !r.Query.ContainsKey("nextPageToken")));
    }

    [Fact]
    public async Task A_checkpoint_unused_for_thirty_days_is_stale()
    {
        var bank = new BankMirror();
        await bank.SyncAsync(Client());
        _clock.Advance(TimeSpan.FromDays(31));

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => Client().FetchAsync(bank.Checkpoint, CancellationToken.None));

        Assert.Equal(ExchangeError.CheckpointExpired, failure.Error);
    }

    [Fact]
    public async Task Wrong_keys_are_unauthorized_and_never_in_the_message()
    {
        var wrong = new StopNciiApi().Create(new JsonObject(), Json.Object($$"""{"fetch_function_key": "nope-key", "subscription_key": "{{_fake.SubscriptionKey}}", "base_url_override": "{{_fake.BaseUrl}}"}"""), _http, _clock);

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => wrong.FetchAsync(null, CancellationToken.None));

        Assert.Equal(ExchangeError.Unauthorized, failure.Error);
        Assert.DoesNotContain("nope-key", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_fake.SubscriptionKey, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExchangeVerdict.Confirmed, "Blocked")]
    [InlineData(ExchangeVerdict.Dismissed, "NotBlocked")]
    public async Task A_verdict_is_sent_as_submitfeedback_with_the_sample_shape(ExchangeVerdict verdict, string value)
    {
        var hash = Pdq(3);

        await Client().SendFeedbackAsync(new ExchangeFeedback(ExchangeProvenance.Of(hash), new ExchangeSignal(Matching.Banks.SignalType.Pdq, hash), verdict, "free text stays here"), CancellationToken.None);

        var sent = Assert.Single(_fake.Feedback);
        Assert.Equal((hash, value), (sent.HashValue, sent.FeedbackValue));
        Assert.Empty(sent.Tags);
        var request = _fake.Requests.Single(r => r.Endpoint == "SubmitFeedback");
        Assert.Equal(("POST", "/v1/SubmitFeedback"), (request.Method, request.Path));
        Assert.Equal(("fake-feedback-key", "fake-subscription-key"), (request.Headers["x-functions-key"], request.Headers["ocp-apim-subscription-key"]));
        Assert.StartsWith("application/json", request.Headers["content-type"], StringComparison.Ordinal);

        // The body has the keys of python-threatexchange's SubmitFeedback body, item for item
        var sample = JsonNode.Parse(Samples.Text("stopncii/submitfeedback_request.json"))!.AsObject();
        var body = JsonNode.Parse(request.Body)!.AsObject();
        Assert.Equal(sample.Select(p => p.Key), body.Select(p => p.Key));
        Assert.Equal(sample["hashFeedbacks"]![0]!.AsObject().Select(p => p.Key), body["hashFeedbacks"]![0]!.AsObject().Select(p => p.Key));
        Assert.Equal(1, body["count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Pending_review_goes_through_the_clients_own_call_and_no_feedback_key_is_not_supported()
    {
        var client = (StopNciiClient)Client();
        await client.SubmitFeedbackAsync(Pdq(1), StopNciiFeedbackValue.PendingReview, ["Nude"], CancellationToken.None);
        Assert.Equal(("PendingReview", "Nude"), (Assert.Single(_fake.Feedback).FeedbackValue, Assert.Single(_fake.Feedback[0].Tags)));

        var withoutKey = new StopNciiApi().Create(new JsonObject(), Credentials(feedbackKey: null), _http, _clock);
        var failure = await Assert.ThrowsAsync<ExchangeException>(() => withoutKey.SendFeedbackAsync(
            new ExchangeFeedback(ExchangeProvenance.Of(Pdq(1)), new ExchangeSignal(Matching.Banks.SignalType.Pdq, Pdq(1)), ExchangeVerdict.Confirmed, null), CancellationToken.None));
        Assert.Equal(ExchangeError.NotSupported, failure.Error);
    }

    private IExchangeClient Client() => new StopNciiApi().Create(new JsonObject(), Credentials(_fake.FeedbackKey), _http, _clock);

    private JsonObject Credentials(string? feedbackKey)
    {
        var credentials = new JsonObject
        {
            ["fetch_function_key"] = _fake.FetchKey,
            ["subscription_key"] = _fake.SubscriptionKey,
            ["base_url_override"] = _fake.BaseUrl.AbsoluteUri,
        };
        if (feedbackKey is not null)
        {
            credentials["feedback_function_key"] = feedbackKey;
        }

        return credentials;
    }

    /// <summary>Hash i: PDQ for even i, a video MD5 for odd; a platform's Blocked on every third.</summary>
    private static FakeStopNciiRecord Hash(int i, long at) =>
        new(i % 2 == 0 ? "ImagePDQ" : "VideoMD5", i % 2 == 0 ? Pdq(i) : NcmecFakeTests.Md5(i), at,
            Feedbacks: i % 3 == 0 ? [new FakeStopNciiFeedback("Platform", "Blocked", ["Nude"])] : null);

    private static string Key(int i) => (i % 2 == 0 ? "ImagePDQ:" + Pdq(i) : "VideoMD5:" + NcmecFakeTests.Md5(i));

    private static string Pdq(int i) => NcmecFakeTests.Pdq(i);

    private static List<string> Expected(Range which)
    {
        var (offset, length) = which.GetOffsetAndLength(11);
        return Enumerable.Range(offset, length)
            .Select(i => $"{Key(i)} {(i % 2 == 0 ? "Pdq " + Pdq(i) : "Md5 " + NcmecFakeTests.Md5(i))}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
