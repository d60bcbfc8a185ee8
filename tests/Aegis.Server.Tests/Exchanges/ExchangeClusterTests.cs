using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Xunit.Abstractions;

namespace Aegis.Server.Tests.Exchanges;

/// <summary>Two nodes on one PostgreSQL database fetching one exchange.</summary>
public sealed class ExchangeClusterTests(ITestOutputHelper output) : ExchangeTestsBase
{
    private const int Pages = 12;

    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();

    [Fact]
    public async Task Two_nodes_fetch_each_page_once_and_both_match_a_hash_once_its_page_is_committed_never_before()
    {
        for (var page = 0; page < Pages; page++)
        {
            Feed.Pages.Add([FakeFeed.Record($"k{page}", "member", "A1", Pdq(500 + page))]);
        }

        // Given two nodes that each give the exchange back after two pages (so it moves between them), and page 8 held
        Feed.Hold("8");
        var a = await StartServerAsync(o => o.Exchanges.MaxPagesPerRun = 2);
        var b = await StartServerAsync(o => o.Exchanges.MaxPagesPerRun = 2);
        using var adminA = a.Client(Admin);
        using var platformA = a.Client(Platform);
        using var platformB = b.Client(Platform);
        await CreateFeedExchangeAsync(adminA, "shared", "shared-bank");
        await Feed.Reached("8").WaitAsync(Waits.HangGuard);

        // Then what was committed is matched on both nodes, and page 8's hash on neither while its page is held
        await Waits.UntilAsync(
            async () => (await LookupAsync(platformA, pdq: Pdq(507).Item2)).Count == 1 && (await LookupAsync(platformB, pdq: Pdq(507).Item2)).Count == 1,
            "page 7's hash to match on both nodes");
        Assert.Empty(await LookupAsync(platformA, pdq: Pdq(508).Item2));
        Assert.Empty(await LookupAsync(platformB, pdq: Pdq(508).Item2));

        // When page 8 is let go, its hash matches on both nodes
        Feed.Release("8");
        await Waits.UntilAsync(
            async () => (await LookupAsync(platformA, pdq: Pdq(508).Item2)).Count == 1 && (await LookupAsync(platformB, pdq: Pdq(508).Item2)).Count == 1,
            "page 8's hash to match on both nodes");
        var status = await StatusUntilAsync(adminA, "shared", s => Long(s, "total.records") == Pages && s["running_on"] is null, "the exchange to be fetched to its end");

        // And each page was fetched exactly once, whichever node fetched it
        Assert.Equal(Pages, Long(status, "total.records"));
        Assert.Equal(Enumerable.Range(0, Pages).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal), Feed.Requests.Keys.Order(StringComparer.Ordinal));
        Assert.All(Feed.Requests, r => Assert.True(r.Value == 1, $"page {r.Key} was fetched {r.Value} times"));
        await using var store = await BankStore.OpenAsync(Database.Options);
        var runs = (await ExchangeTestsAudit.ActionsAsync(store, "exchange.fetched")).Select(e => System.Text.Json.Nodes.JsonNode.Parse(e.Data)!).ToList();
        Assert.Equal(Pages, runs.Sum(r => (int)r["pages"]!));
        output.WriteLine($"runs by node: {string.Join(", ", runs.GroupBy(r => (string)r["node"]!).Select(g => $"{g.Key}: {g.Count()}"))}");
    }
}
