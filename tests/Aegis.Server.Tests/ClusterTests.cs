using System.Net;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests;

/// <summary>
/// Three real <c>aegis serve</c> processes on one PostgreSQL database, the content index split into six partitions held
/// through leases: items recorded through every node, one node killed, its partitions taken over by the others, and a
/// hash banked afterwards finds every copy — whichever node recorded it — exactly once; a report finds copies held by
/// other nodes.
/// </summary>
public sealed class ClusterTests : IAsyncLifetime
{
    private const int Partitions = 6;

    /// <summary>Short leases, so a dead node's partitions move within seconds.</summary>
    private const int LeaseSeconds = 3;

    private static readonly Dictionary<string, string> Cluster = new()
    {
        ["AEGIS_CONTENTINDEX__PARTITIONS"] = $"{Partitions}",
        ["AEGIS_CONTENTINDEX__LEASESECONDS"] = $"{LeaseSeconds}",
        ["AEGIS_CONTENTINDEX__COPIESWAITSECONDS"] = "60",
    };

    private readonly Random _random = new(20261204);
    private KeyedDatabase? _database;
    private string _platform = "", _curator = "", _reviewer = "";

    public async Task InitializeAsync()
    {
        _database = await KeyedDatabase.CreateAsync(postgres: true);
        (_platform, _curator, _reviewer) = (_database.Platform, _database.Curator, _database.Reviewer);
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_hash_banked_after_a_node_died_finds_every_copy_recorded_through_any_node_exactly_once()
    {
        // Given three nodes that have spread the six partitions between them
        var nodes = new List<ServerProcess>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                nodes.Add(await ServerProcess.StartAsync(_database!.Options, Cluster));
            }

            await Waits.UntilAsync(() => HeldAsync(nodes, Partitions, each: 2), "three nodes to hold two current partitions each", every: TimeSpan.FromMilliseconds(250));

            // And copies of one picture (PDQ within 12 bits) and unrelated items, recorded through every node in turn
            var target = RandomPdq();
            long firstCase;
            var copies = new List<string>();
            for (var i = 0; i < 24; i++)
            {
                var node = nodes[i % 3];
                using var platform = node.Client(_platform);
                var id = $"copy-{i}";
                await (await platform.PostJsonAsync("/v1/lookup", new { content_id = id, pdq = Flip(target, 1 + (i % 12)) })).JsonAsync(HttpStatusCode.OK);
                copies.Add(id);
                await (await platform.PostJsonAsync("/v1/lookup", new { content_id = $"other-{i}", pdq = RandomPdq() })).JsonAsync(HttpStatusCode.OK);
            }

            // And a report of one copy finds the copies other nodes hold: reporting a second copy joins the first's case
            using (var platform = nodes[0].Client(_platform))
            {
                firstCase = await ReportAsync(platform, "copy-1");
                var second = await ReportAsync(platform, "copy-5");
                Assert.Equal(firstCase, second);
            }

            // When one node is killed with no shutdown
            nodes[2].Kill();
            await nodes[2].DisposeAsync();
            var alive = nodes.Take(2).ToList();

            // Then the other two take its partitions over
            await Waits.UntilAsync(() => HeldAsync(alive, Partitions, each: 3), "the two nodes left to hold three current partitions each", every: TimeSpan.FromMilliseconds(250));

            // And a hash banked afterwards finds every copy, whichever node recorded it, exactly once
            using var curator = alive[1].Client(_curator);
            await (await curator.PostJsonAsync("/v1/banks", new { name = "cluster-bank", pdq_threshold = 31 })).JsonAsync(HttpStatusCode.Created);
            var entry = await (await curator.PostJsonAsync("/v1/banks/cluster-bank/entries", new { signal_type = "pdq", value = target })).JsonAsync(HttpStatusCode.Created);
            using var reader = alive[0].Client(_platform);
            List<string> matched = [];
            await Waits.UntilAsync(
                async () =>
                {
                    matched = await MatchedAsync(reader, (long)entry["id"]!);
                    return matched.Distinct().Count() == copies.Count;
                },
                $"all {copies.Count} copies to be matched",
                seen: () => string.Join(",", matched.Order()));

            // (a last look after every node has had more steps: nothing was recorded twice, nothing unrelated)
            using (var again = alive[1].Client(_platform))
            {
                await (await again.PostJsonAsync("/v1/lookup", new { content_id = "after", pdq = RandomPdq() })).JsonAsync(HttpStatusCode.OK);
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
            matched = await MatchedAsync(reader, (long)entry["id"]!);
            Assert.Equal(copies.Order(), matched.Order());

            // And a report after the takeover still finds copies in every partition: the near copies the first report
            // restricted with its case, reported through either node left, join that case (the farther copies it held have
            // review cases of their own, which a report of them would join)
            using var reviewer = alive[0].Client(_reviewer);
            var near = (await (await reviewer.GetAsync($"/v1/cases/{firstCase}/items?limit=1000")).JsonAsync(HttpStatusCode.OK))["items"]!.AsArray()
                .Where(i => (string)i!["kind"]! == "copy").Select(i => (string)i!["content_id"]!).Where(copies.Contains).ToList();
            Assert.True(near.Count >= 2, $"near copies linked: {string.Join(",", near)}");
            foreach (var (node, id) in new[] { (alive[0], near[0]), (alive[1], near[^1]) })
            {
                using var platform = node.Client(_platform);
                Assert.Equal(firstCase, await ReportAsync(platform, id));
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                await node.DisposeAsync();
            }
        }
    }

    private static async Task<bool> HeldAsync(List<ServerProcess> nodes, int total, int each)
    {
        var held = new List<(int Held, int Current)>();
        foreach (var node in nodes)
        {
            using var client = new HttpClient { BaseAddress = node.Address, Timeout = Waits.HangGuard };
            var ready = JsonNode.Parse(await client.GetStringAsync("/readyz"))!["content_index"]!;
            held.Add(((int)ready["held"]!, (int)ready["current"]!));
        }

        return held.Sum(h => h.Current) == total && held.All(h => h.Held == each && h.Current == each);
    }

    private static async Task<long> ReportAsync(HttpClient platform, string contentId) =>
        (long)(await (await platform.PostJsonAsync("/v1/reports", new { content_ids = new[] { contentId }, category = "child_sexual_exploitation" }))
            .JsonAsync(HttpStatusCode.Created))[0]!["case_id"]!;

    private static async Task<List<string>> MatchedAsync(HttpClient platform, long entryId)
    {
        var page = await (await platform.GetAsync("/v1/match-events?limit=10000")).JsonAsync(HttpStatusCode.OK);
        return [.. page["events"]!.AsArray().Where(e => (long)e!["entry_id"]! == entryId).Select(e => (string)e!["content_id"]!)];
    }

    private string RandomPdq() => Convert.ToHexStringLower(_random.GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 32));

    private string Flip(string pdq, int bits)
    {
        var bytes = Convert.FromHexString(pdq);
        foreach (var bit in Enumerable.Range(0, 256).OrderBy(_ => _random.Next()).Take(bits))
        {
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        }

        return Convert.ToHexStringLower(bytes);
    }
}
