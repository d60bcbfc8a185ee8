using System.Diagnostics;
using System.Globalization;
using Aegis.Exchanges;
using Aegis.Hashing.Pdq;
using Aegis.Matching.Banks;
using Aegis.Storage;

namespace Aegis.Benchmarks;

/// <summary>
/// An exchange of RECORDS records synced into an empty bank, page by page as the worker applies them (issue 16): each
/// page of PAGE records one transaction with its checkpoint, under the claim. Then, with every bank loaded into a
/// matcher as a node holds it, an incremental page of 1,000 new records: from its fetch to its commit, and from the
/// commit to the hashes being matchable (the node's change-feed catch-up); and a page of 1,000 changed records
/// (provenance) and one of 1,000 deletions. The exchange's network is left out: this is what Aegis adds to a client.
/// Usage: Aegis.Benchmarks exchange-sync DATADIR|"Host=…" [RECORDS] [PAGE].
/// </summary>
internal static class ExchangeSync
{
    public static async Task<int> RunAsync(string[] args)
    {
        var target = args[0];
        var storage = target.Contains('=', StringComparison.Ordinal) ? new StorageOptions(null, target) : new StorageOptions(Path.GetFullPath(target), null);
        var records = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        var pageSize = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000;
        await using var store = await BankStore.OpenAsync(storage);
        var exchanges = new ExchangeStore(store);
        var run = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var bank = $"sync-{run}";
        await store.CreateBankAsync(bank);
        await exchanges.CreateAsync(new NewExchange($"bench-{run}", "bench", "{}", bank, 60, true, null), "bench");
        var claim = await exchanges.ClaimDueAsync("bench-node", TimeSpan.FromHours(1)) ?? throw new InvalidOperationException("nothing due");
        var lease = TimeSpan.FromHours(1);
        Console.WriteLine($"exchange-sync: {records:N0} records in pages of {pageSize:N0} into an empty bank, {(storage.UsesPostgres ? "PostgreSQL" : "SQLite")}");

        var random = new Random(16);
        var total = Stopwatch.StartNew();
        var applying = new Stopwatch();
        long added = 0;
        for (var start = 0; start < records; start += pageSize)
        {
            var page = Page(random, start, Math.Min(pageSize, records - start), "A1");
            applying.Start();
            added += (await exchanges.ApplyPageAsync(claim, page, lease))!.Value.Added;
            applying.Stop();
            if ((start + pageSize) % 100_000 == 0)
            {
                Console.WriteLine(Invariant($"  {start + pageSize,9:N0} records: {total.Elapsed.TotalSeconds,6:F1} s ({(start + pageSize) / total.Elapsed.TotalSeconds:N0} records/s)"));
            }
        }

        Console.WriteLine(Invariant($"synced {records:N0} records ({added:N0} entries added) in {total.Elapsed.TotalSeconds:F1} s; applying {applying.Elapsed.TotalSeconds:F1} s ({records / applying.Elapsed.TotalSeconds:N0} records/s, {applying.Elapsed.TotalMilliseconds / Math.Ceiling(records / (double)pageSize):F1} ms a page)"));

        var load = Stopwatch.StartNew();
        var feed = await BankMatcherFeed.LoadAsync(store);
        Console.WriteLine(Invariant($"a node's matcher loaded {feed.LoadedEntries:N0} entries in {load.Elapsed.TotalSeconds:F1} s"));

        for (var round = 0; round < 3; round++)
        {
            var fresh = Page(random, records + (round * 1_000), 1_000, "A1");
            var commit = Stopwatch.StartNew();
            await exchanges.ApplyPageAsync(claim, fresh, lease);
            var committed = commit.Elapsed;
            var matchable = Stopwatch.StartNew();
            await feed.CatchUpAsync();
            var caughtUp = matchable.Elapsed;
            var probe = PdqHash.Parse(fresh.Records[^1].Signals[0].Value);
            var found = feed.Matcher.Match(probe, null, null).Matches.Any(m => m.Distance == 0);
            Console.WriteLine(Invariant($"1,000 new records: commit {committed.TotalMilliseconds:F0} ms, then matchable after {caughtUp.TotalMilliseconds:F0} ms of catch-up (found: {found}); fetch to matchable on this node {(committed + caughtUp).TotalMilliseconds:F0} ms, on another node at most one feed poll (200 ms) more"));
        }

        var changed = Page(new Random(16), 0, 1_000, "A2");
        var timer = Stopwatch.StartNew();
        var counts = await exchanges.ApplyPageAsync(claim, changed, lease);
        Console.WriteLine(Invariant($"1,000 changed records (category): {timer.Elapsed.TotalMilliseconds:F0} ms, {counts!.Value.Updated:N0} entries updated"));
        var deletions = new ExchangePage([.. changed.Records.Select(r => new ExchangeRecord(r.Key, [], r.Provenance))], "done", false, null);
        timer.Restart();
        counts = await exchanges.ApplyPageAsync(claim, deletions, lease);
        Console.WriteLine(Invariant($"1,000 deleted records: {timer.Elapsed.TotalMilliseconds:F0} ms, {counts!.Value.Removed:N0} entries disabled"));
        return 0;
    }

    private static ExchangePage Page(Random random, int start, int count, string category)
    {
        var list = new List<ExchangeRecord>(count);
        var bytes = new byte[32];
        for (var i = start; i < start + count; i++)
        {
            random.NextBytes(bytes);
            var key = $"entry-{i}";
            list.Add(new ExchangeRecord(key, [new ExchangeSignal(SignalType.Pdq, Convert.ToHexStringLower(bytes))], new ExchangeProvenance(key, $"member-{i % 50}", category, [])));
        }

        return new ExchangePage(list, $"after-{start + count}", true, null);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
