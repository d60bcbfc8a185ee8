using System.Net;
using Aegis.Server.Tests.Support;
using Aegis.Storage;

namespace Aegis.Server.Tests.Exchanges;

/// <summary>A real <c>aegis serve</c> killed between two pages of an exchange, started again.</summary>
public sealed class ExchangeKillTests : IAsyncLifetime
{
    private readonly TestDatabase _database = TestDatabase.Sqlite();
    private readonly FakeFeed _feed = new();
    private string _admin = "";

    public async Task InitializeAsync()
    {
        await using var store = await BankStore.OpenAsync(_database.Options);
        _admin = (await new ApiKeyStore(store).CreateAsync("admin", ApiKeyRole.Admin)).Secret;
    }

    public async Task DisposeAsync()
    {
        await _feed.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_node_killed_between_pages_resumes_from_the_last_page_committed_when_it_starts_again()
    {
        // Given a list of six hashes read two lines a page (the file API over a URL: a production API, as the child process
        // has no other), and the list's second download held
        _feed.List = string.Join('\n', Enumerable.Range(60, 6).Select(i => $"pdq {Hex(i)}")) + "\n";
        _feed.Hold("download-2");
        var environment = new Dictionary<string, string>
        {
            ["AEGIS_EXCHANGES__POLLSECONDS"] = "1",
            ["AEGIS_EXCHANGES__REQUESTTIMEOUTSECONDS"] = "5",
            ["AEGIS_EXCHANGES__LEASESECONDS"] = "60",
            ["AEGIS_CONTENTINDEX__NODEID"] = "exchange-kill-node", // the same node id after the restart: it takes its claims back at once
        };
        await using var first = await ServerProcess.StartAsync(_database.Options, environment);
        using (var admin = first.Client(_admin))
        {
            await (await admin.PostJsonAsync("/v1/banks", new { name = "kill-bank" })).JsonAsync(HttpStatusCode.Created);
            await (await admin.PostJsonAsync("/v1/exchanges", new { name = "kill-list", api = "file", bank = "kill-bank", settings = new { url = new Uri(_feed.Address, "list.txt").ToString(), page_size = 2 } }))
                .JsonAsync(HttpStatusCode.Created);

            // When the first page is committed and the node is killed while fetching the second
            await _feed.Reached("download-2").WaitAsync(Waits.HangGuard);
            var before = (await (await admin.GetAsync("/v1/exchanges/kill-list")).JsonAsync(HttpStatusCode.OK))["status"]!;
            Assert.Equal((2L, "running"), ((long)before["total"]!["records"]!, (string)before["state"]!));
        }

        first.Kill();
        _feed.Release("download-2");
        await using var second = await ServerProcess.StartAsync(_database.Options, environment);
        using var restarted = second.Client(_admin);

        // Then the next start fetches the rest from its checkpoint: every hash once, the first page not read again
        System.Text.Json.Nodes.JsonNode status = new System.Text.Json.Nodes.JsonObject();
        await Waits.UntilAsync(
            async () => (status = (await (await restarted.GetAsync("/v1/exchanges/kill-list")).JsonAsync(HttpStatusCode.OK))["status"]!)["last_success_at"] is not null,
            "the restarted node to finish the list",
            () => status.ToJsonString());
        Assert.Equal((6L, 6L), ((long)status["total"]!["records"]!, (long)status["total"]!["added"]!));
        var bank = await (await restarted.GetAsync("/v1/banks/kill-bank")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((6L, 6L), ((long)bank["enabled_entries"]!, (long)bank["total_entries"]!));
        Assert.Equal(4, _feed.Requests.Count); // page 1, the download the kill cut, then pages 2 and 3
    }

    private static string Hex(int seed)
    {
        var bytes = new byte[32];
        new Random(seed).NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
