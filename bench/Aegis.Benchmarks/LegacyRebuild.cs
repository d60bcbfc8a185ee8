using System.Diagnostics;
using Aegis.Hashing.Digests;
using Aegis.Hashing.Pdq;
using Aegis.Matching.Content;
using Aegis.Matching.Index;

namespace Aegis.Benchmarks;

/// <summary>
/// Where the content index's rebuild at start went before issue 12, and the same items through today's
/// <see cref="ContentPartitionIndex"/>: the old <c>ContentIndex</c> added each row to a <see cref="PdqIndex"/> and two
/// <see cref="ExactIndex{T}"/>s one at a time (this replays that, timing each part), after EF had read and parsed the
/// rows (not included: the server measurement covers it).
/// Usage: Aegis.Benchmarks legacy-rebuild [ITEMS]
/// </summary>
internal static class LegacyRebuild
{
    public static int Run(string[] args)
    {
        var items = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 200_000;
        var random = new Random(12);
        var pdq = new PdqHash[items];
        var md5 = new Md5Hash[items];
        var sha = new Sha256Hash[items];
        for (var i = 0; i < items; i++)
        {
            pdq[i] = new PdqHash((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64());
            md5[i] = new Md5Hash((ulong)random.NextInt64(), (ulong)random.NextInt64());
            sha[i] = new Sha256Hash((ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64(), (ulong)random.NextInt64());
        }

        // Before: one row at a time into each index (ContentIndex.Add as of 816162d).
        var pdqIndex = new PdqIndex();
        var md5Index = new ExactIndex<Md5Hash>();
        var shaIndex = new ExactIndex<Sha256Hash>();
        var cpu = Process.GetCurrentProcess();
        var (pdqTime, md5Time, shaTime) = (TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < items; i++)
        {
            var t0 = clock.Elapsed;
            pdqIndex.Add(pdq[i], i + 1);
            var t1 = clock.Elapsed;
            md5Index.Add(md5[i], i + 1);
            var t2 = clock.Elapsed;
            shaIndex.Add(sha[i], i + 1);
            var t3 = clock.Elapsed;
            (pdqTime, md5Time, shaTime) = (pdqTime + (t1 - t0), md5Time + (t2 - t1), shaTime + (t3 - t2));
        }

        pdqIndex.WaitForMergeAsync().GetAwaiter().GetResult();
        md5Index.WaitForMergeAsync().GetAwaiter().GetResult();
        shaIndex.WaitForMergeAsync().GetAwaiter().GetResult();
        var before = clock.Elapsed;
        cpu.Refresh();
        var beforeCpu = cpu.TotalProcessorTime;
        Console.WriteLine($"before (one row at a time, {items:N0} items): {before.TotalSeconds:F1} s wall, {beforeCpu.TotalSeconds:F1} s CPU (all threads, background merges included)");
        Console.WriteLine($"  PdqIndex.Add (each call; merges every 8,192 rebuild the whole segment in the background): {pdqTime.TotalSeconds:F1} s");
        Console.WriteLine($"  ExactIndex<Md5Hash>.Add (copies the pending dictionary, up to 8,192 entries, on every add): {md5Time.TotalSeconds:F1} s");
        Console.WriteLine($"  ExactIndex<Sha256Hash>.Add (the same): {shaTime.TotalSeconds:F1} s");

        // After: the rows in batches into a ContentPartitionIndex (PDQ only: digests are looked up in the database).
        clock.Restart();
        using var index = new ContentPartitionIndex(null);
        var batch = new ContentItem[50_000];
        for (var start = 0; start < items; start += batch.Length)
        {
            var n = Math.Min(batch.Length, items - start);
            for (var j = 0; j < n; j++)
            {
                batch[j] = new ContentItem(start + j + 1, pdq[start + j], null, null);
            }

            index.AddRange(batch.AsSpan(0, n));
        }

        index.WaitForBackgroundWork();
        cpu.Refresh();
        Console.WriteLine($"after (batches of 50,000 into ContentPartitionIndex): {clock.Elapsed.TotalSeconds:F2} s wall, {(cpu.TotalProcessorTime - beforeCpu).TotalSeconds:F2} s CPU");
        return 0;
    }
}
