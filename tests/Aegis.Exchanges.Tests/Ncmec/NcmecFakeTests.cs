using System.Text.Json.Nodes;
using Aegis.Exchanges.Ncmec;
using Aegis.Exchanges.Tests.Support;
using Aegis.Fakes;
using Aegis.Fakes.Exchanges;

namespace Aegis.Exchanges.Tests.Ncmec;

/// <summary>The NCMEC client against the fake NCMEC hash sharing API: pages, deletions, faults, resumption.</summary>
public sealed class NcmecFakeTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ManualClock _clock = new(Start);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private FakeNcmecHashSharing _fake = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeNcmecHashSharing.StartAsync();
        _fake.PageSize = 3;
        for (var i = 0; i < 10; i++)
        {
            _fake.Put(Entry(i, Start.AddDays(-30 + i)));
        }
    }

    public async Task DisposeAsync()
    {
        await _fake.DisposeAsync();
        _http.Dispose();
    }

    [Fact]
    public async Task Several_pages_then_a_deletion_and_an_update_in_the_next_window()
    {
        var bank = new BankMirror();
        await bank.SyncAsync(Client());
        Assert.Equal(4, bank.Pages);
        Assert.Equal(Expected(0..10), bank.Signals);

        // An hour later entry 3 is deleted and entry 4 gets another PDQ
        _clock.Advance(TimeSpan.FromHours(1));
        _fake.Delete(43, "e3", _clock.GetUtcNow().AddMinutes(-10));
        _fake.Put(Entry(4, _clock.GetUtcNow().AddMinutes(-5)) with { Fingerprints = new Dictionary<string, string> { ["pdq"] = Pdq(99) } });
        await bank.SyncAsync(Client());

        Assert.DoesNotContain("43-e3", bank.Records.Keys);
        Assert.Equal([new ExchangeSignal(Matching.Banks.SignalType.Pdq, Pdq(99))], bank.Records["42-e4"].Signals);
        Assert.Equal(9, bank.Records.Count);

        // The second run asked only for the hour since the first run's end
        var last = _fake.Requests.Last(r => r.Endpoint == "entries" && !r.Query.ContainsKey("start"));
        Assert.Equal("2024-06-01T11:59:55Z", last.Query["from"]);
        Assert.Equal("2024-06-01T12:59:55Z", last.Query["to"]);
    }

    public static TheoryData<string, ExchangeError> Faults => new()
    {
        { "500", ExchangeError.Failed },
        { "429", ExchangeError.Failed },
        { "503", ExchangeError.Failed },
        { "malformed", ExchangeError.BadResponse },
        { "drop", ExchangeError.Failed },
        { "endless", ExchangeError.BadResponse },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_fault_on_the_third_page_fails_the_call_and_the_checkpoint_before_it_resumes_without_loss_or_repeat(string fault, ExchangeError error)
    {
        // Given a fault due at the third page of the window
        _fake.Fail(Fault(fault), "entries", nth: 3);
        var bank = new BankMirror();
        var client = Client();
        await bank.StepAsync(client);
        await bank.StepAsync(client);
        var before = bank.Checkpoint;

        // When the third page is asked for
        var failure = await Assert.ThrowsAsync<ExchangeException>(() => client.FetchAsync(before, CancellationToken.None));

        // Then the call fails with the error the caller backs off on, and the same checkpoint finishes the sync
        Assert.Equal(error, failure.Error);
        if (fault == "429")
        {
            Assert.Equal(TimeSpan.FromSeconds(30), failure.RetryAfter);
        }

        Assert.Equal(before, bank.Checkpoint);
        await bank.SyncAsync(Client());
        Assert.Equal(Expected(0..10), bank.Signals);
        var pages = _fake.Requests.Where(r => r.Endpoint == "entries" && r.Succeeded).Select(r => r.Query.GetValueOrDefault("start", "1")).ToList();
        Assert.Equal(["1", "4", "7", "10"], pages);
    }

    [Fact]
    public async Task A_hung_request_ends_at_the_http_clients_timeout()
    {
        _fake.Fail(ExchangeFault.Hang, "entries", nth: 2);
        using var impatient = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var client = Client(impatient);
        var bank = new BankMirror();
        await bank.StepAsync(client);

        var failure = await Assert.ThrowsAsync<ExchangeException>(() => client.FetchAsync(bank.Checkpoint, CancellationToken.None));

        Assert.Equal(ExchangeError.Failed, failure.Error);
        Assert.Contains("did not answer GET /hashsharing/v2/entries within 1 s", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_checkpoint_resumes_on_a_new_client_made_from_its_settings()
    {
        var bank = new BankMirror();
        await bank.StepAsync(Client());
        await bank.StepAsync(Client());
        var stored = bank.Checkpoint!;

        // A restart: a new API, a new client, the stored text
        var resumed = new BankMirror();
        foreach (var record in bank.Records.Values)
        {
            resumed.Apply(new ExchangePage([record], stored, true, null));
        }

        var asked = _fake.Requests.Count;
        await resumed.SyncAsync(Client());

        // The new client went on with the window's paging link: the third page, not the first again
        Assert.Equal(Expected(0..10), resumed.Signals);
        Assert.Equal("7", _fake.Requests[asked].Query["start"]);
    }

    [Fact]
    public async Task A_paging_link_older_than_twelve_hours_restarts_its_window_and_loses_nothing()
    {
        var bank = new BankMirror();
        await bank.StepAsync(Client());
        _clock.Advance(TimeSpan.FromHours(13));

        await bank.SyncAsync(Client());

        Assert.Equal(Expected(0..10), bank.Signals);
        var windowStarts = _fake.Requests.Where(r => r.Endpoint == "entries" && !r.Query.ContainsKey("start")).ToList();
        // The window was asked again from its first page with the same end, then the thirteen hours since
        Assert.Equal(3, windowStarts.Count);
        Assert.Equal(windowStarts[0].Query["to"], windowStarts[1].Query["to"]);
        Assert.Equal(windowStarts[1].Query["to"], windowStarts[2].Query["from"]);
    }

    [Fact]
    public async Task A_paging_link_ncmec_refuses_restarts_its_window()
    {
        var bank = new BankMirror();
        await bank.StepAsync(Client());
        _fake.Fail(ExchangeFault.Answer(410), "entries", nth: 1);

        await bank.SyncAsync(Client());

        Assert.Equal(Expected(0..10), bank.Signals);
    }

    [Fact]
    public async Task A_window_promising_too_many_entries_is_cut_until_it_fits()
    {
        // Given a client that cuts windows promising more than 4 entries, and 10 entries over 30 days
        var client = new NcmecHashSharingClient(Options(), _http, _clock) { MaxWindowEntries = 4 };
        var bank = new BankMirror();

        await bank.SyncAsync(client);

        // Then it got everything, and it asked smaller windows than "everything up to now"
        Assert.Equal(Expected(0..10), bank.Signals);
        var windows = _fake.Requests.Where(r => r.Endpoint == "entries" && !r.Query.ContainsKey("start") && r.Query["from"] != "1970-01-01T00:00:00Z").ToList();
        Assert.NotEmpty(windows);
    }

    [Fact]
    public async Task Wrong_credentials_are_unauthorized_and_no_credentials_are_too()
    {
        var wrong = new NcmecHashSharingClient(Options() with { Password = "wrong" }, _http, _clock);
        var refused = await Assert.ThrowsAsync<ExchangeException>(() => wrong.FetchAsync(null, CancellationToken.None));
        Assert.Equal(ExchangeError.Unauthorized, refused.Error);
        Assert.DoesNotContain("wrong", refused.Message, StringComparison.Ordinal);

        var none = Api().Create(Settings(), null, _http, _clock);
        var missing = await Assert.ThrowsAsync<ExchangeException>(() => none.FetchAsync(null, CancellationToken.None));
        Assert.Equal(ExchangeError.Unauthorized, missing.Error);
    }

    [Fact]
    public async Task The_fake_serves_entries_out_of_time_order_as_ncmec_does()
    {
        _fake.PageSize = 100;
        var page = await Client().FetchAsync(null, CancellationToken.None);

        var ids = page.Records.Select(r => int.Parse(r.Provenance.EntryId[1..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(10, ids.Count);
        Assert.NotEqual(ids.Order().ToList(), ids);
    }

    internal static ExchangeFault Fault(string name) => name switch
    {
        "500" => ExchangeFault.ServerError,
        "429" => ExchangeFault.TooManyRequests(TimeSpan.FromSeconds(30)),
        "503" => ExchangeFault.Unavailable(TimeSpan.FromSeconds(5)),
        "malformed" => ExchangeFault.Malformed,
        "drop" => ExchangeFault.Drop,
        "endless" => ExchangeFault.Endless,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private NcmecHashSharingApi Api() => new([_fake.BaseUrl]);

    private JsonObject Settings() => new() { ["environment"] = _fake.BaseUrl.AbsoluteUri };

    private JsonObject Credentials() => new() { ["user"] = _fake.User, ["password"] = _fake.Password };

    private IExchangeClient Client(HttpClient? http = null) => Api().Create(Settings(), Credentials(), http ?? _http, _clock);

    private NcmecOptions Options() => new(_fake.BaseUrl, new HashSet<long>(), _fake.User, _fake.Password);

    /// <summary>Entry i: member 42 for even i, 43 for odd; images then videos; an MD5 each, a PDQ on images.</summary>
    private static FakeNcmecEntry Entry(int i, DateTimeOffset at)
    {
        var fingerprints = new Dictionary<string, string> { ["md5"] = Md5(i), ["sha1"] = new string('a', 40), ["pdna"] = "opaque" };
        if (i < 6)
        {
            fingerprints["pdq"] = Pdq(i);
        }

        return new FakeNcmecEntry($"e{i}", 42 + (i % 2), i % 2 == 0 ? "Member A" : "Member B", IsVideo: i >= 6, at, i % 3 == 0 ? "A1" : "B1", fingerprints);
    }

    private static List<string> Expected(Range which)
    {
        var (offset, length) = which.GetOffsetAndLength(10);
        var signals = new List<string>();
        for (var i = offset; i < offset + length; i++)
        {
            var key = $"{42 + (i % 2)}-e{i}";
            signals.Add($"{key} Md5 {Md5(i)}");
            if (i < 6)
            {
                signals.Add($"{key} Pdq {Pdq(i)}");
            }
        }

        return signals.Order(StringComparer.Ordinal).ToList();
    }

    internal static string Md5(int i) => $"{i:x2}".PadLeft(32, 'c');

    internal static string Pdq(int i) => $"{i:x2}".PadLeft(64, 'f');
}
