using System.Text.Json.Nodes;
using Aegis.Exchanges.Tests.Ncmec;
using Aegis.Exchanges.Tests.Support;
using Aegis.Exchanges.ThreatExchange;
using Aegis.Fakes;
using Aegis.Fakes.Exchanges;
using Aegis.Matching.Banks;

namespace Aegis.Exchanges.Tests.ThreatExchange;

/// <summary>The ThreatExchange client against the fake Graph API: pages, tombstones, faults, resumption, reactions.</summary>
public sealed class ThreatExchangeFakeTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_700_100_000));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private FakeThreatExchange _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeThreatExchange.StartAsync();
        _fake.MaxPageSize = 3;
        for (var i = 0; i < 10; i++)
        {
            _fake.Put(Update(i, 1_700_000_000 + i * 10));
        }
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task Pages_then_a_tombstone_and_an_update_in_the_next_run()
    {
        var bank = new BankMirror();
        await bank.SyncAsync(Client());
        Assert.Equal(4, bank.Pages);
        Assert.Equal(Expected(0..10), bank.Signals);

        _fake.Put(Update(2, 1_700_000_500) with { ShouldDelete = true, Descriptors = null });
        _fake.Put(Update(5, 1_700_000_600) with { Descriptors = [new FakeThreatDescriptor("3005", "1000000000000009", "MALICIOUS", ["changed"])] });
        await bank.SyncAsync(Client());

        Assert.DoesNotContain(Key(2), bank.Records.Keys);
        Assert.Equal("changed", bank.Records[Key(5)].Provenance.Category);
        Assert.Equal(9, bank.Records.Count);
        var second = _fake.Requests.Last(r => r.Endpoint == "threat_updates" && !r.Query.ContainsKey("after"));
        Assert.Equal("1700000090", second.Query["start_time"]);
    }

    [Theory]
    [MemberData(nameof(NcmecFakeTests.Faults), MemberType = typeof(NcmecFakeTests))]
    public async Task A_fault_on_the_third_page_fails_the_call_and_the_checkpoint_before_it_resumes_without_loss_or_repeat(string fault, ExchangeError error)
    {
        _fake.Fail(NcmecFakeTests.Fault(fault), "threat_updates", nth: 3);
        var bank = new BankMirror();
        var client = Client();
        await bank.StepAsync(client);
        await bank.StepAsync(client);
        var before = bank.Checkpoint;

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => client.FetchAsync(before, CancellationToken.None));

        Assert.Equal(error, failure.Error);
        await bank.SyncAsync(Client());
        Assert.Equal(Expected(0..10), bank.Signals);
        var pages = _fake.Requests.Where(r => r.Succeeded).Select(r => r.Query.GetValueOrDefault("after", "")).ToList();
        Assert.Equal(4, pages.Count);
        Assert.Equal(4, pages.Distinct().Count());
    }

    [Fact]
    public async Task A_checkpoint_resumes_on_a_new_client_and_an_expired_cursor_restarts_the_run()
    {
        var bank = new BankMirror();
        await bank.StepAsync(Client());
        var asked = _fake.Requests.Count;
        await bank.StepAsync(Client());
        Assert.True(_fake.Requests[asked].Query.ContainsKey("after"));

        _fake.ExpireCursors();
        await bank.SyncAsync(Client());

        Assert.Equal(Expected(0..10), bank.Signals);
        Assert.Equal(2, _fake.Requests.Count(r => r.Succeeded && !r.Query.ContainsKey("after")));
        Assert.DoesNotContain(_fake.Token.Split('|')[1], bank.Checkpoint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hung_request_ends_at_the_http_clients_timeout()
    {
        _fake.Fail(ExchangeFault.Hang, "threat_updates");
        using var impatient = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var client = new ThreatExchangeApi(_fake.BaseUrl).Create(Json.Object($$"""{"privacy_group": {{_fake.PrivacyGroup}}}"""), new JsonObject { ["api_token"] = _fake.Token }, impatient, _clock);

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => client.FetchAsync(null, CancellationToken.None));

        Assert.Equal(ExchangeError.Failed, failure.Error);
        Assert.Contains($"did not answer GET /v21.0/{_fake.PrivacyGroup}/threat_updates/ within 1 s", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checkpoint_unused_for_85_days_is_stale()
    {
        var bank = new BankMirror();
        await bank.SyncAsync(Client());
        _clock.Advance(TimeSpan.FromDays(86));

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => Client().FetchAsync(bank.Checkpoint, CancellationToken.None));

        Assert.Equal(ExchangeError.CheckpointExpired, failure.Error);
    }

    [Fact]
    public async Task A_wrong_token_is_unauthorized_without_showing_it()
    {
        var wrong = new ThreatExchangeApi(_fake.BaseUrl).Create(
            Json.Object($$"""{"privacy_group": {{_fake.PrivacyGroup}}}"""),
            Json.Object("""{"api_token": "1000000000000001|wrongSecretWrongSecret00"}"""),
            _http,
            _clock);

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => wrong.FetchAsync(null, CancellationToken.None));

        Assert.Equal(ExchangeError.Unauthorized, failure.Error);
        Assert.DoesNotContain("wrongSecret", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExchangeVerdict.Confirmed, "HELPFUL")]
    [InlineData(ExchangeVerdict.Dismissed, "DISAGREE_WITH_TAGS")]
    public async Task A_verdict_reacts_to_the_other_members_descriptors(ExchangeVerdict verdict, string reaction)
    {
        // Given indicator 4: a descriptor of this app and two of others
        _fake.Put(Update(4, 1_700_000_040) with
        {
            Descriptors =
            [
                new FakeThreatDescriptor("2004", _fake.AppId),
                new FakeThreatDescriptor("3004", "1000000000000002"),
                new FakeThreatDescriptor("4004", "1000000000000003", "NON_MALICIOUS"),
            ],
        });

        await Client().SendFeedbackAsync(new ExchangeFeedback(ExchangeProvenance.Of("4"), new ExchangeSignal(SignalType.Pdq, NcmecFakeTests.Pdq(4)), verdict, null), CancellationToken.None);

        Assert.Equal([("3004", reaction), ("4004", reaction)], _fake.Reactions.Select(r => (r.DescriptorId, r.Reaction)));
        var post = _fake.Requests.First(r => r.Endpoint == "reaction");
        Assert.Equal(("POST", "/v21.0/3004/"), (post.Method, post.Path));
        Assert.StartsWith("application/x-www-form-urlencoded", post.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal($"access_token=TOKEN&reactions={reaction}", _fake.Reactions[0].Body);
        Assert.Equal("descriptors{id,owner{id}}", _fake.Requests.Single(r => r.Endpoint == "indicator").Query["fields"]);
    }

    [Fact]
    public async Task Feedback_on_an_unknown_indicator_fails_and_on_a_non_id_is_not_supported()
    {
        var unknown = await Assert.ThrowsAsync<ExchangeException>(() => Client().SendFeedbackAsync(
            new ExchangeFeedback(ExchangeProvenance.Of("999"), new ExchangeSignal(SignalType.Pdq, NcmecFakeTests.Pdq(1)), ExchangeVerdict.Confirmed, null), CancellationToken.None));
        Assert.Equal(ExchangeError.Failed, unknown.Error);
        Assert.Contains("does not exist", unknown.Message, StringComparison.Ordinal);

        var notAnId = await Assert.ThrowsAsync<ExchangeException>(() => Client().SendFeedbackAsync(
            new ExchangeFeedback(ExchangeProvenance.Of("../me"), new ExchangeSignal(SignalType.Pdq, NcmecFakeTests.Pdq(1)), ExchangeVerdict.Confirmed, null), CancellationToken.None));
        Assert.Equal(ExchangeError.NotSupported, notAnId.Error);
        Assert.Empty(_fake.Reactions);
    }

    private IExchangeClient Client() =>
        new ThreatExchangeApi(_fake.BaseUrl).Create(
            Json.Object($$"""{"privacy_group": {{_fake.PrivacyGroup}}}"""),
            new JsonObject { ["api_token"] = _fake.Token },
            _http,
            _clock);

    /// <summary>Indicator i: HASH_PDQ for i % 3 == 0, HASH_MD5 for 1, HASH_VIDEO_MD5 for 2; one descriptor of another app.</summary>
    private static FakeThreatUpdate Update(int i, long at) =>
        new($"{i}", Value(i), Type(i), at, [new FakeThreatDescriptor($"30{i:00}", "1000000000000002", "MALICIOUS", [$"tag{i}"], i == 0 ? new Dictionary<string, IReadOnlyList<string>> { ["HELPFUL"] = ["1000000000000003"] } : null)]);

    private static string Type(int i) => (i % 3) switch { 0 => "HASH_PDQ", 1 => "HASH_MD5", _ => "HASH_VIDEO_MD5" };

    private static string Value(int i) => i % 3 == 0 ? NcmecFakeTests.Pdq(i) : NcmecFakeTests.Md5(i);

    private static string Key(int i) => $"{Type(i)}:{Value(i)}";

    private static List<string> Expected(Range which)
    {
        var (offset, length) = which.GetOffsetAndLength(10);
        return Enumerable.Range(offset, length)
            .Select(i => $"{Key(i)} {(i % 3 == 0 ? "Pdq" : "Md5")} {Value(i)}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
