using System.Net;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;
using Aegis.Storage;

namespace Aegis.Server.Tests.Evidence;

/// <summary>
/// Two real nodes (<c>aegis serve</c> processes) on one PostgreSQL database, both running the vault's fetch worker:
/// every reported item is fetched from the platform once, whichever node sees it due first (the claim is a conditional
/// update in the database, never an in-process lock).
/// </summary>
public sealed class EvidenceRaceTests : IAsyncLifetime
{
    private const int Items = 12;

    /// <summary>Each fetch takes this long at the platform, so that both nodes find items due while the other is fetching.</summary>
    private static readonly TimeSpan SlowPlatform = TimeSpan.FromMilliseconds(150);

    private readonly FakePlatformMedia _platform = new() { Delay = SlowPlatform };
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.PostgresAsync();

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        await _platform.DisposeAsync();
    }

    [Fact]
    public async Task Two_nodes_fetch_each_item_once()
    {
        string platform;
        string reviewer;
        await using (var store = await BankStore.OpenAsync(_database.Options))
        {
            var keys = new ApiKeyStore(store);
            platform = (await keys.CreateAsync("platform", ApiKeyRole.Platform)).Secret;
            reviewer = (await keys.CreateAsync("reviewer", ApiKeyRole.Reviewer)).Secret;
        }

        var environment = new Dictionary<string, string>
        {
            ["AEGIS_RATELIMIT__REQUESTSPERSECOND"] = "0",
            ["AEGIS_EVIDENCE__FETCHURL__DEFAULT"] = _platform.Template,
            ["AEGIS_EVIDENCE__FETCHHOSTS"] = "127.0.0.1",
            ["AEGIS_EVIDENCE__FETCHPRIVATEADDRESSES"] = "true",
        };
        await using var nodeA = await ServerProcess.StartAsync(_database.Options, environment);
        await using var nodeB = await ServerProcess.StartAsync(_database.Options, environment);
        var items = Enumerable.Range(0, Items).Select(i => $"race-evidence-{i}").ToArray();
        foreach (var item in items)
        {
            _platform.Items[item] = (Images.Unrelated(150_000 + item.Length + Array.IndexOf(items, item)), "image/png");
        }

        var caseOf = new Dictionary<string, long>();
        using (var a = nodeA.Client(platform))
        using (var b = nodeB.Client(platform))
        {
            for (var i = 0; i < items.Length; i++)
            {
                // Reported on both nodes in turn: each wakes its own worker, and the other finds the item due on its tick.
                var client = i % 2 == 0 ? a : b;
                var opened = await (await client.PostJsonAsync("/v1/reports", new { content_ids = new[] { items[i] }, category = "child_sexual_exploitation" })).JsonAsync(HttpStatusCode.Created);
                caseOf[items[i]] = (long)opened[0]!["case_id"]!;
            }
        }

        using var read = nodeA.Client(reviewer);
        var pending = new HashSet<string>(items);
        await Waits.UntilAsync(
            async () =>
            {
                foreach (var item in pending.ToList())
                {
                    var list = await (await read.GetAsync($"/v1/cases/{caseOf[item]}/evidence")).JsonAsync(HttpStatusCode.OK);
                    if (list["items"]!.AsArray().Any(x => (string?)x!["content_id"] == item && (string?)x["state"] == "preserved"))
                    {
                        pending.Remove(item);
                    }
                }

                return pending.Count == 0;
            },
            "every item preserved",
            seen: () => $"still fetching: {string.Join(", ", pending)}; requests: {string.Join(", ", _platform.Requests.Select(r => $"{r.Key}={r.Value}"))}");

        foreach (var item in items)
        {
            Assert.Equal(1, _platform.Requests[item]);
        }
    }
}
