using System.Text.Json.Nodes;
using Aegis.Exchanges.Tat;
using Aegis.Exchanges.Tests.Ncmec;
using Aegis.Exchanges.Tests.Support;
using Aegis.Fakes;
using Aegis.Fakes.Exchanges;

namespace Aegis.Exchanges.Tests.Tat;

/// <summary>The TAT client against the fake TCAP hash list: pages, deletions, faults, sign-in, resumption.</summary>
public sealed class TatFakeTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private FakeTat _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeTat.StartAsync();
        _fake.PageSize = 3;
        for (var i = 0; i < 10; i++)
        {
            _fake.Put(Entry(i, 1_700_000_000.25 + i));
        }
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task Pages_then_a_deletion_and_an_update_with_one_sign_in()
    {
        var bank = new BankMirror();
        var client = Client();
        await bank.SyncAsync(client);
        Assert.Equal(4, bank.Pages);
        Assert.Equal(Expected(0..10), bank.Signals);

        _fake.Put(Entry(3, 1_700_001_000.5) with { Deleted = true });
        _fake.Put(Entry(4, 1_700_001_001.5) with { HashDigest = NcmecFakeTests.Pdq(44) });
        await bank.SyncAsync(client);

        Assert.DoesNotContain("3", bank.Records.Keys);
        Assert.Equal(NcmecFakeTests.Pdq(44), Assert.Single(bank.Records["4"].Signals).Value);
        Assert.Equal(1, _fake.SignIns);
    }

    [Fact]
    public async Task An_entry_updated_during_a_run_is_not_skipped()
    {
        // Given a run one page in
        var bank = new BankMirror();
        var client = Client();
        await bank.StepAsync(client);

        // When entry 1 (already read) changes, which moves it to the end of the ascending order
        _fake.Put(Entry(1, 1_700_000_500.5) with { HashDigest = NcmecFakeTests.Md5(11) });
        await bank.SyncAsync(client);

        // Then nothing is skipped (offset paging would skip the entry that moved into its place) and the change is read
        Assert.Equal(10, bank.Records.Count);
        Assert.Equal(NcmecFakeTests.Md5(11), Assert.Single(bank.Records["1"].Signals).Value);
    }

    [Theory]
    [MemberData(nameof(NcmecFakeTests.Faults), MemberType = typeof(NcmecFakeTests))]
    public async Task A_fault_on_the_third_page_fails_the_call_and_the_checkpoint_before_it_resumes_without_loss_or_repeat(string fault, ExchangeError error)
    {
        _fake.Fail(NcmecFakeTests.Fault(fault), "hash-list", nth: 3);
        var bank = new BankMirror();
        var client = Client();
        await bank.StepAsync(client);
        await bank.StepAsync(client);
        var before = bank.Checkpoint;

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => client.FetchAsync(before, CancellationToken.None));

        Assert.Equal(error, failure.Error);
        await bank.SyncAsync(Client());
        Assert.Equal(Expected(0..10), bank.Signals);
        var afters = _fake.Requests.Where(r => r.Endpoint == "hash-list" && r.Succeeded).Select(r => r.Query["after"]).ToList();
        Assert.Equal(4, afters.Distinct().Count());
        Assert.Equal(4, afters.Count);
    }

    [Fact]
    public async Task A_hung_request_ends_at_the_http_clients_timeout()
    {
        _fake.Fail(ExchangeFault.Hang, "hash-list");
        using var impatient = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var client = new TatApi(_fake.BaseUrl).Create(new JsonObject(), Json.Object($$"""{"username": "{{_fake.Username}}", "password": "{{_fake.Password}}"}"""), impatient, _clock);

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => client.FetchAsync(null, CancellationToken.None));

        Assert.Equal(ExchangeError.Failed, failure.Error);
        Assert.Contains("did not answer GET /api/hash-list/v2/all within 1 s", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refused_token_is_renewed_once_and_the_page_asked_again()
    {
        var bank = new BankMirror();
        var client = Client();
        await bank.StepAsync(client);

        _fake.ExpireTokens();
        await bank.SyncAsync(client);

        Assert.Equal(Expected(0..10), bank.Signals);
        Assert.Equal(2, _fake.SignIns);
        Assert.Single(_fake.Requests, r => r.Status == 401);
    }

    [Fact]
    public async Task A_checkpoint_resumes_on_a_new_client_and_holds_no_token()
    {
        var bank = new BankMirror();
        await bank.StepAsync(Client());
        await bank.StepAsync(Client());

        await bank.SyncAsync(Client());

        Assert.Equal(Expected(0..10), bank.Signals);
        Assert.DoesNotContain("tcap.", bank.Checkpoint, StringComparison.Ordinal);
        Assert.Equal(["after"], JsonNode.Parse(bank.Checkpoint!)!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public async Task Wrong_credentials_are_unauthorized_and_feedback_is_not_supported()
    {
        var wrong = new TatApi(_fake.BaseUrl).Create(new JsonObject(), Json.Object("""{"username": "aegis-test", "password": "secret-wrong"}"""), _http, _clock);

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => wrong.FetchAsync(null, CancellationToken.None));

        Assert.Equal(ExchangeError.Unauthorized, failure.Error);
        Assert.DoesNotContain("secret-wrong", failure.Message, StringComparison.Ordinal);
        var feedback = await Assert.ThrowsAsync<ExchangeException>(() => Client().SendFeedbackAsync(
            new ExchangeFeedback(ExchangeProvenance.Of("1"), new ExchangeSignal(Matching.Banks.SignalType.Md5, NcmecFakeTests.Md5(1)), ExchangeVerdict.Confirmed, null), CancellationToken.None));
        Assert.Equal(ExchangeError.NotSupported, feedback.Error);
        Assert.False(new TatApi().SupportsFeedback);
    }

    [Fact]
    public async Task The_sign_in_is_a_form_as_tcap_takes_it()
    {
        await Client().FetchAsync(null, CancellationToken.None);

        var signIn = _fake.Requests.First(r => r.Endpoint == "auth");
        Assert.Equal(("POST", "/token-auth/tcap/"), (signIn.Method, signIn.Path));
        Assert.StartsWith("application/x-www-form-urlencoded", signIn.Headers["content-type"], StringComparison.Ordinal);
        Assert.Equal("username=aegis-test&password=fake-tat-password&resend=False", signIn.Body);
    }

    private IExchangeClient Client() =>
        new TatApi(_fake.BaseUrl).Create(new JsonObject(), Json.Object($$"""{"username": "{{_fake.Username}}", "password": "{{_fake.Password}}"}"""), _http, _clock);

    /// <summary>Entry i: a PDQ for even i, an MD5 (of a video or a document) for odd.</summary>
    private static FakeTatEntry Entry(int i, double at) =>
        new(i, i % 2 == 0 ? NcmecFakeTests.Pdq(i) : NcmecFakeTests.Md5(i), i % 2 == 0 ? "PDQ" : "MD5", at, i % 4 == 1 ? "far-right" : "islamist", i % 3 == 0 ? "pdf" : "mp4");

    private static List<string> Expected(Range which)
    {
        var (offset, length) = which.GetOffsetAndLength(10);
        return Enumerable.Range(offset, length)
            .Select(i => $"{i} {(i % 2 == 0 ? "Pdq " + NcmecFakeTests.Pdq(i) : "Md5 " + NcmecFakeTests.Md5(i))}")
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
