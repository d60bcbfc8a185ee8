using System.Net;
using System.Text.RegularExpressions;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests;

/// <summary>
/// A node's content index comes back from its snapshot on disk, not from every row: a real <c>aegis serve</c> on
/// SQLite, stopped in order and started again; and a damaged snapshot is rebuilt from the rows, never trusted.
/// </summary>
public sealed partial class SnapshotTests : IAsyncLifetime
{
    private const int Items = 300;

    private readonly Random _random = new(20261205);
    private readonly List<string> _hashes = [];
    private KeyedDatabase? _database;
    private string _platform = "", _curator = "";

    public async Task InitializeAsync()
    {
        _database = await KeyedDatabase.CreateAsync(postgres: false);
        (_platform, _curator) = (_database.Platform, _database.Curator);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_restarted_node_maps_its_snapshot_and_reads_only_newer_rows_and_a_damaged_one_is_rebuilt()
    {
        // Given items recorded through a node that is then stopped in order (it writes its snapshot)
        // (The node keeps its host and port across restarts, as a deployed node does: its id, and so its snapshot folder.)
        var environment = new Dictionary<string, string> { ["AEGIS_FEEDPOLLMILLISECONDS"] = "100" };
        int port;
        await using (var first = await ServerProcess.StartAsync(_database!.Options, environment))
        {
            port = first.Port;
            using var platform = first.Client(_platform);
            for (var i = 0; i < Items; i++)
            {
                _hashes.Add(Convert.ToHexStringLower(_random.GetItems<byte>([.. Enumerable.Range(0, 256).Select(b => (byte)b)], 32)));
                await (await platform.PostJsonAsync("/v1/lookup", new { content_id = $"item-{i}", pdq = _hashes[i] })).JsonAsync(HttpStatusCode.OK);
            }

            await Waits.UntilAsync(() => CurrentItemsAsync(first, Items), $"the node to index {Items} items");
            await first.StopAsync();
        }

        // When it starts again
        await using (var second = await ServerProcess.StartAsync(_database.Options, environment, port))
        {
            await Waits.UntilAsync(() => CurrentItemsAsync(second, Items), "the restarted node's content index to be current");

            // Then the partition came from the snapshot, and no row before it was read
            var loading = Loading().Match(second.Output);
            Assert.True(loading.Success, second.Output);
            Assert.Equal(Items, long.Parse(loading.Groups["items"].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(long.Parse(loading.Groups["from"].Value, System.Globalization.CultureInfo.InvariantCulture) >= Items);

            // And an item in the snapshot is found when its hash is banked
            await BankAndFindAsync(second, "after-restart", 17);
            await second.StopAsync();
        }

        // When the snapshot's segment files are damaged
        var files = Directory.EnumerateFiles(Path.Combine(_database.Options.DataDirectory!, "content-index"), "*", SearchOption.AllDirectories)
            .Where(f => !Path.GetFileName(f).StartsWith("manifest", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            await using var stream = File.OpenWrite(file);
            stream.Seek(stream.Length / 2, SeekOrigin.Begin);
            stream.WriteByte(0xFF);
            stream.WriteByte(0x00);
        }

        // Then the next start says so, rebuilds from the rows, and finds every item still
        await using var third = await ServerProcess.StartAsync(_database.Options, environment, port);
        await Waits.UntilAsync(() => CurrentItemsAsync(third, Items), "the node to rebuild its content index");
        Assert.Contains("is damaged; rebuilding it from the store", third.Output, StringComparison.Ordinal);
        await BankAndFindAsync(third, "after-damage", 203);
    }

    private async Task BankAndFindAsync(ServerProcess server, string bank, int item)
    {
        using var curator = server.Client(_curator);
        using var platform = server.Client(_platform);
        await (await curator.PostJsonAsync("/v1/banks", new { name = bank })).JsonAsync(HttpStatusCode.Created);
        var entry = (long)(await (await curator.PostJsonAsync($"/v1/banks/{bank}/entries", new { signal_type = "pdq", value = _hashes[item] })).JsonAsync(HttpStatusCode.Created))["id"]!;
        await Waits.UntilAsync(
            async () =>
            {
                var events = (await (await platform.GetAsync("/v1/match-events?limit=10000")).JsonAsync(HttpStatusCode.OK))["events"]!.AsArray();
                return events.Any(e => (long)e!["entry_id"]! == entry && (string)e["content_id"]! == $"item-{item}");
            },
            $"item-{item} to match the hash banked in {bank}");
    }

    private static async Task<bool> CurrentItemsAsync(ServerProcess server, long items)
    {
        using var client = new HttpClient { BaseAddress = server.Address, Timeout = Waits.HangGuard };
        var content = System.Text.Json.Nodes.JsonNode.Parse(await client.GetStringAsync("/readyz"))!["content_index"]!;
        return (string)content["state"]! == "current" && (long)content["items"]! >= items;
    }

    [GeneratedRegex(@"Loading content index partition 0: (?<items>\d+) items from its snapshot, rows after (?<from>\d+) from the store")]
    private static partial Regex Loading();
}
