using System.Net;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests;

public abstract partial class ServerTests
{
    /// <summary>
    /// 1,000 reports over 100 items from 20 concurrent clients (the load test of bench/RESULTS.md runs 10,000 over 1,000):
    /// none lost, exactly one case per item, every report counted in its case.
    /// </summary>
    [Fact]
    public async Task Concurrent_reports_lose_nothing_and_open_one_case_per_item()
    {
        var run = NewName("load");
        var items = Enumerable.Range(0, 100).Select(i => $"{run}-{i}").ToArray();
        var categories = new[] { "other_policy", "child_sexual_exploitation", "non_consensual_intimate_imagery", "sextortion" };
        var next = -1;
        var caseOf = new System.Collections.Concurrent.ConcurrentDictionary<string, HashSet<long>>();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            using var client = Fixture.Server.Client(Fixture.Platform);
            int n;
            while ((n = Interlocked.Increment(ref next)) < 1000)
            {
                var item = items[n % items.Length];
                var result = (await (await client.PostJsonAsync("/v1/reports", new { content_ids = new[] { item }, category = categories[n % categories.Length] })).JsonAsync(HttpStatusCode.Created))[0]!;
                var set = caseOf.GetOrAdd(item, _ => []);
                lock (set)
                {
                    set.Add((long)result["case_id"]!);
                }
            }
        })));

        Assert.Equal(100, caseOf.Count);
        Assert.All(caseOf.Values, s => Assert.Single(s));
        var total = 0;
        foreach (var caseId in caseOf.Values.Select(s => s.Single()))
        {
            total += (int)(await (await Reviewer.GetAsync($"/v1/cases/{caseId}")).JsonAsync(HttpStatusCode.OK))["reports"]!;
        }

        Assert.Equal(1000, total);
    }
}
