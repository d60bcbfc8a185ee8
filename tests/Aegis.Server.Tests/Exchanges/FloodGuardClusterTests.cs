using System.Net;
using Aegis.Server.Tests.Support;
using Aegis.Storage;

namespace Aegis.Server.Tests.Exchanges;

/// <summary>The flood guard across two nodes on one PostgreSQL database, and across a restart.</summary>
public sealed class FloodGuardClusterTests : ExchangeTestsBase
{
    private const int MinMatches = 5;

    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();

    [Fact]
    public async Task A_quarantine_decided_on_one_node_holds_on_the_other_and_after_a_restart_and_a_release_on_either_restores_blocking()
    {
        // Given two nodes, an exchange listing one MD5 (a benign stand-in), and a low minimum
        var md5 = Hex(77, 16);
        Feed.Pages.Add([FakeFeed.Record("bad", "member-1", "B2", ("md5", md5))]);
        void Guard(Aegis.Server.Hosting.ServerOptions o) => o.Exchanges.Flood.MinMatches = MinMatches;
        var a = await StartServerAsync(Guard);
        var b = await StartServerAsync(Guard);
        using var adminA = a.Client(Admin);
        using var platformA = a.Client(Platform);
        using var platformB = b.Client(Platform);
        await CreateFeedExchangeAsync(adminA, "feed", "feed-bank");
        await Waits.UntilAsync(
            async () => (await LookupAsync(platformA, md5: md5)).Count == 1 && (await LookupAsync(platformB, md5: md5)).Count == 1, "the entry to match on both nodes");

        // When both nodes gate uploads of it, at once
        var verdicts = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => VerdictAsync(i % 2 == 0 ? platformA : platformB, $"item-{i}", md5)));

        // Then MinMatches were blocked across both nodes, no more
        Assert.Equal(MinMatches, verdicts.Count(v => v == "block"));
        Assert.Equal(30 - MinMatches, verdicts.Count(v => v == "hold"));

        // And each node holds the next upload, as does a node started afterwards
        Assert.Equal("hold", await VerdictAsync(platformA, "next-a", md5));
        Assert.Equal("hold", await VerdictAsync(platformB, "next-b", md5));
        var c = await StartServerAsync(Guard);
        using var platformC = c.Client(Platform);
        Assert.Equal("hold", await VerdictAsync(platformC, "next-c", md5));

        // When it is released on node B, node A blocks the next upload
        using var adminB = b.Client(Admin);
        var entryId = (long)(await LookupAsync(platformB, md5: md5))[0]!["entry_id"]!;
        await (await adminB.PostAsync($"/v1/exchanges/quarantine/{entryId}/release", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("block", await VerdictAsync(platformA, "after-release", md5));
        await using var store = await BankStore.OpenAsync(Database.Options);
        Assert.Single(await ExchangeTestsAudit.ActionsAsync(store, "exchange.entry_quarantined"));
    }

    private static async Task<string> VerdictAsync(HttpClient platform, string contentId, string md5) =>
        (string)(await (await platform.PostJsonAsync("/v1/lookup", new { content_id = contentId, uploader_id = "u-" + contentId, md5 })).JsonAsync(HttpStatusCode.OK))["verdict"]!;
}
