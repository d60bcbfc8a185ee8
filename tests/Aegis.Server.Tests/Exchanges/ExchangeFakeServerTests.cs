using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Aegis.Exchanges;
using Aegis.Exchanges.Ncmec;
using Aegis.Exchanges.StopNcii;
using Aegis.Exchanges.Tat;
using Aegis.Exchanges.ThreatExchange;
using Aegis.Fakes.Exchanges;
using Aegis.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Tests.Exchanges;

/// <summary>
/// Each real exchange client run by real servers' workers against a fake of its exchange (built from the formats
/// python-threatexchange parses): two nodes on one PostgreSQL that give the exchange back every two pages, several pages,
/// a server error in the middle, then deletions. Every record's hash is matched on both nodes with its provenance, every
/// page the exchange answered was asked for once (the failed one again, once), and a deletion stops the match.
/// </summary>
public sealed class ExchangeFakeServerTests : ExchangeTestsBase
{
    private const int Records = 11;

    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();

    [Theory]
    [InlineData("ncmec")]
    [InlineData("stop_ncii")]
    [InlineData("tat")]
    [InlineData("fb_threatexchange")]
    public async Task Two_nodes_fetch_every_page_once_through_an_error_and_apply_deletions(string api)
    {
        await using var fake = await FakeExchange.StartAsync(api);
        var then = DateTimeOffset.UtcNow.AddHours(-2);
        for (var i = 0; i < Records; i++)
        {
            fake.Put(i, Pdq(700 + i).Item2, then.AddSeconds(i));
        }

        // Given two nodes that give the exchange back every two pages, and the exchange's second page request failing once
        fake.Fail(ExchangeFault.ServerError, nth: 2);
        var a = await StartServerAsync(o => o.Exchanges.MaxPagesPerRun = 2, s => s.AddSingleton(fake.Api));
        var b = await StartServerAsync(o => o.Exchanges.MaxPagesPerRun = 2, s => s.AddSingleton(fake.Api));
        using var admin = a.Client(Admin);
        using var platformA = a.Client(Platform);
        using var platformB = b.Client(Platform);
        await (await admin.PostJsonAsync("/v1/banks", new { name = "from-" + api })).JsonAsync(HttpStatusCode.Created);
        await (await admin.PostJsonAsync("/v1/exchanges", new { name = "x", api, bank = "from-" + api, settings = fake.Settings, credentials = fake.Credentials }))
            .JsonAsync(HttpStatusCode.Created);

        // When it has been fetched to its end
        var status = await StatusUntilAsync(admin, "x", s => Long(s, "total.added") == Records && s["running_on"] is null, $"all {Records} records in the bank");

        // Then both nodes match every record's hash, saying where it came from
        for (var i = 0; i < Records; i++)
        {
            var pdq = Pdq(700 + i).Item2;
            await Waits.UntilAsync(
                async () => (await LookupAsync(platformA, pdq: pdq)).Count == 1 && (await LookupAsync(platformB, pdq: pdq)).Count == 1, $"record {i} matched on both nodes");
            var source = (await LookupAsync(platformB, pdq: pdq))[0]!["source"]!;
            Assert.Equal(("x", fake.EntryId(i, pdq)), ((string)source["exchange"]!, (string)source["entry_id"]!));
        }

        // And the failure was retried, and every page the exchange answered was asked for exactly once
        Assert.True(Long(status, "consecutive_failures") == 0, status.ToJsonString());
        Assert.Single(fake.Requests, r => r.Fault is not null || r.Status >= 500);
        var answered = fake.Requests.Where(r => r.Succeeded && r.Endpoint == fake.Endpoint).Select(r => Page(r)).ToList();
        Assert.True(answered.Count >= 3, $"{answered.Count} pages: the fake should have paged {Records} records");
        Assert.Equal(answered.Count, answered.Distinct().Count());

        // When two records are deleted at the exchange, and it is fetched again
        var now = DateTimeOffset.UtcNow;
        fake.Delete(3, Pdq(703).Item2, now);
        fake.Delete(8, Pdq(708).Item2, now);
        await Waits.UntilAsync(
            async () =>
            {
                await admin.PostAsync("/v1/exchanges/x/fetch", null); // 202; NCMEC's window ends 5 s before now, so it may take a few
                return Long((await ExchangeAsync(admin, "x"))["status"]!, "total.removed") == 2;
            },
            "the two deletions applied");

        // Then neither node matches them any more, and the rest still match
        await Waits.UntilAsync(
            async () => (await LookupAsync(platformA, pdq: Pdq(703).Item2)).Count == 0 && (await LookupAsync(platformB, pdq: Pdq(708).Item2)).Count == 0,
            "the deleted hashes to stop matching");
        Assert.Single(await LookupAsync(platformA, pdq: Pdq(704).Item2));
    }

    /// <summary>What identifies a page request: its path and query (a retry of a failed one asks the same).</summary>
    private static string Page(FakeExchangeRequest request) =>
        request.Path + "?" + string.Join("&", request.Query.Where(q => q.Key is not ("access_token" or "to")).OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => $"{q.Key}={q.Value}"));

    /// <summary>One fake exchange behind one shape: what the test puts in, deletes, and expects.</summary>
    private sealed class FakeExchange(
        IExchangeApi api, object settings, object credentials, string endpoint, IAsyncDisposable fake,
        Action<int, string, DateTimeOffset> put, Action<int, string, DateTimeOffset> delete, Action<ExchangeFault, int> fail,
        Func<IReadOnlyList<FakeExchangeRequest>> requests, Func<int, string, string> entryId) : IAsyncDisposable
    {
        public IExchangeApi Api => api;

        public object Settings => settings;

        public object Credentials => credentials;

        public string Endpoint => endpoint;

        public IReadOnlyList<FakeExchangeRequest> Requests => requests();

        public static async Task<FakeExchange> StartAsync(string name)
        {
            switch (name)
            {
                case "ncmec":
                {
                    var ncmec = await FakeNcmecHashSharing.StartAsync();
                    ncmec.PageSize = 3;
                    return new FakeExchange(
                        new NcmecHashSharingApi([ncmec.BaseUrl]),
                        new { environment = ncmec.BaseUrl.AbsoluteUri.TrimEnd('/') },
                        new { user = ncmec.User, password = ncmec.Password },
                        "entries",
                        ncmec,
                        (i, pdq, at) => ncmec.Put(new FakeNcmecEntry($"e{i}", 7, "Member 7", false, at, "A1", new Dictionary<string, string> { ["pdq"] = pdq })),
                        (i, _, at) => ncmec.Delete(7, $"e{i}", at),
                        (fault, nth) => ncmec.Fail(fault, "entries", nth),
                        () => ncmec.Requests,
                        (i, _) => $"e{i}");
                }

                case "stop_ncii":
                {
                    var stopNcii = await FakeStopNcii.StartAsync();
                    stopNcii.MaxPageSize = 3;
                    return new FakeExchange(
                        new StopNciiApi(),
                        new { },
                        new { fetch_function_key = stopNcii.FetchKey, subscription_key = stopNcii.SubscriptionKey, base_url_override = stopNcii.BaseUrl.AbsoluteUri },
                        "FetchHashes",
                        stopNcii,
                        (_, pdq, at) => stopNcii.Put(new FakeStopNciiRecord("ImagePDQ", pdq, at.ToUnixTimeSeconds())),
                        (_, pdq, at) => stopNcii.Put(new FakeStopNciiRecord("ImagePDQ", pdq, at.ToUnixTimeSeconds(), "Deleted")),
                        (fault, nth) => stopNcii.Fail(fault, "FetchHashes", nth),
                        () => stopNcii.Requests,
                        (_, pdq) => pdq);
                }

                case "tat":
                {
                    var tat = await FakeTat.StartAsync();
                    tat.PageSize = 3;
                    return new FakeExchange(
                        new TatApi(tat.BaseUrl),
                        new { },
                        new { username = tat.Username, password = tat.Password },
                        "hash-list",
                        tat,
                        (i, pdq, at) => tat.Put(new FakeTatEntry(100 + i, pdq, "PDQ", at.ToUnixTimeMilliseconds() / 1000.0)),
                        (i, pdq, at) => tat.Put(new FakeTatEntry(100 + i, pdq, "PDQ", at.ToUnixTimeMilliseconds() / 1000.0, Deleted: true)),
                        (fault, nth) => tat.Fail(fault, "hash-list", nth),
                        () => tat.Requests,
                        (i, _) => (100 + i).ToString(CultureInfo.InvariantCulture));
                }

                default:
                {
                    var te = await FakeThreatExchange.StartAsync();
                    te.MaxPageSize = 3;
                    return new FakeExchange(
                        new ThreatExchangeApi(te.BaseUrl),
                        new { privacy_group = te.PrivacyGroup },
                        new { api_token = te.Token },
                        "threat_updates",
                        te,
                        (i, pdq, at) => te.Put(new FakeThreatUpdate($"9{i:00}", pdq, "HASH_PDQ", at.ToUnixTimeSeconds(), [new FakeThreatDescriptor($"8{i:00}", "1000000000000002")])),
                        (i, pdq, at) => te.Put(new FakeThreatUpdate($"9{i:00}", pdq, "HASH_PDQ", at.ToUnixTimeSeconds(), null, ShouldDelete: true)),
                        (fault, nth) => te.Fail(fault, "threat_updates", nth),
                        () => te.Requests,
                        (i, _) => $"9{i:00}");
                }
            }
        }

        public void Put(int i, string pdq, DateTimeOffset at) => put(i, pdq, at);

        public void Delete(int i, string pdq, DateTimeOffset at) => delete(i, pdq, at);

        public void Fail(ExchangeFault fault, int nth) => fail(fault, nth);

        public string EntryId(int i, string pdq) => entryId(i, pdq);

        public ValueTask DisposeAsync() => fake.DisposeAsync();
    }
}
