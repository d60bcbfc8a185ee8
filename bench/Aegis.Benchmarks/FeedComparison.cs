using System.Diagnostics;
using Aegis.Hashing.Pdq;
using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using Aegis.Storage;

namespace Aegis.Benchmarks;

/// <summary>
/// From a store to a working matcher: how long loading a bank and building the indexes takes, and
/// how long after a hash is added to the store it matches (store write, change feed, index).
/// Usage: Aegis.Benchmarks feed DATA_DIR BANK   (or POSTGRES_CONNECTION_STRING instead of DATA_DIR with --postgres)
/// </summary>
internal static class FeedComparison
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = args.Contains("--postgres") ? new StorageOptions(null, args[0]) : new StorageOptions(args[0], null);
        var bank = args[1];
        await using var store = await BankStore.OpenAsync(options);
        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var load = Stopwatch.StartNew();
        var feed = await BankMatcherFeed.LoadAsync(store, [bank]);
        var loadSeconds = load.Elapsed.TotalSeconds;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"load {feed.LoadedEntries:N0} entries of '{bank}' from {(store.IsPostgres ? "PostgreSQL" : "SQLite")} and build the indexes: {loadSeconds:F1} s; managed heap {(after - before) / 1e6:F0} MB");

        var random = new Random(Environment.TickCount);
        for (var round = 0; round < 5; round++)
        {
            var bytes = new byte[32];
            random.NextBytes(bytes);
            var hash = new PdqHash(BitConverter.ToUInt64(bytes), BitConverter.ToUInt64(bytes, 8), BitConverter.ToUInt64(bytes, 16), BitConverter.ToUInt64(bytes, 24));
            var watch = Stopwatch.StartNew();
            await store.AddEntryAsync(bank, new HashListRecord(SignalType.Pdq, hash.ToString(), null, null, "bench", null, null), "bench");
            var stored = watch.Elapsed.TotalMilliseconds;
            await feed.CatchUpAsync();
            var matched = feed.Matcher.Match(hash).Matches.Count > 0;
            Console.WriteLine($"add one hash → matchable: {watch.Elapsed.TotalMilliseconds:F1} ms (store write {stored:F1} ms; {(matched ? "matched" : "NOT MATCHED")})");
        }

        return 0;
    }
}
