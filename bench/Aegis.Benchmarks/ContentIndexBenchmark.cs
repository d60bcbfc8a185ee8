using System.Diagnostics;
using System.Globalization;
using Aegis.Hashing.Digests;
using Aegis.Hashing.Pdq;
using Aegis.Matching.Content;

namespace Aegis.Benchmarks;

/// <summary>
/// The content index at scale (issue 12), in one fresh process per size: ITEMS random items, each with a PDQ, an MD5
/// and a SHA-256, plus 3 near-duplicates planted for each of QUERIES queries (distances 0..31). Measures, one writer
/// thread and one search thread:
/// (1) in memory: add throughput through the tail and background builds/merges, resident memory per item after a GC;
///     QUERIES PDQ searches at d = 31 (planted matches counted and checked) and QUERIES MD5 lookups of known items;
/// (2) with a directory: the same build writing segment files, then Flush;
/// (3) Load of that snapshot: time, resident memory right after, after the same searches (the pages they touched),
///     and after reading every mapped page (the whole snapshot resident).
/// Usage: Aegis.Benchmarks content-index ITEMS [DIR] [QUERIES]
/// </summary>
internal static class ContentIndexBenchmark
{
    private const int Batch = 10_000;
    private const int PlantedPerQuery = 3;
    private const int Distance = 31;

    public static int Run(string[] args)
    {
        var items = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var dir = args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "aegis-content-index-bench");
        var queries = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000;
        var workload = new Workload(items, queries);
        Console.WriteLine($"{workload.Total:N0} items ({items:N0} random + {workload.Planted:N0} planted), {queries:N0} queries, d = {Distance}; {Environment.ProcessorCount} cores");

        var baseline = Memory.Now();
        Console.WriteLine($"baseline: {baseline}");

        // (1) In memory.
        double inMemoryPerItem;
        using (var index = new ContentPartitionIndex(null))
        {
            var seconds = Build(index, workload);
            var after = Memory.Now();
            inMemoryPerItem = (double)(after.Anon - baseline.Anon) / workload.Total;
            var stats = index.Stats;
            Console.WriteLine($"in memory: built in {seconds:F1} s = {workload.Total / seconds:N0} items/s; {stats.Segments} segments");
            Console.WriteLine($"  resident {after} → +{(after.Anon - baseline.Anon) / 1e6:N0} MB anonymous = {inMemoryPerItem:F1} B/item; index's own count {stats.BytesInMemory / 1e6:N0} MB = {(double)stats.BytesInMemory / workload.Total:F1} B/item");
            Search(index, workload, "in memory");
        }

        var afterDispose = Memory.Now();
        Console.WriteLine($"disposed: {afterDispose}");

        // (2) With a directory.
        double flushSeconds;
        long fileBytes;
        using (var index = new ContentPartitionIndex(dir))
        {
            var seconds = Build(index, workload);
            Console.WriteLine($"to files: built in {seconds:F1} s = {workload.Total / seconds:N0} items/s; {index.Stats.Segments} segments");
            var flush = Stopwatch.StartNew();
            index.Flush(checkpoint: workload.Total);
            flushSeconds = flush.Elapsed.TotalSeconds;
            index.Flush(checkpoint: workload.Total);
            var again = Stopwatch.StartNew();
            index.Flush(checkpoint: workload.Total);
            Console.WriteLine($"  flush: {flushSeconds * 1e3:F0} ms (the tail of {workload.Total % 65_536:N0} items → a segment file, manifest); again with nothing new: {again.Elapsed.TotalMicroseconds:F0} µs");
            fileBytes = Directory.GetFiles(dir).Sum(f => new FileInfo(f).Length);
            Console.WriteLine($"  snapshot on disk: {fileBytes / 1e6:N0} MB = {(double)fileBytes / workload.Total:F1} B/item");
        }

        // (3) Load.
        var beforeLoad = Memory.Now();
        var load = Stopwatch.StartNew();
        using (var loaded = ContentPartitionIndex.Load(dir))
        {
            var loadSeconds = load.Elapsed.TotalSeconds;
            var afterLoad = Memory.Now();
            Console.WriteLine($"load: {loadSeconds * 1e3:F0} ms (checksums of {fileBytes / 1e6:N0} MB read through the page cache, then mapped); {loaded.Count:N0} items; resident {afterLoad} (+{(afterLoad.Rss - beforeLoad.Rss) / 1e6:N0} MB)");
            Search(loaded, workload, "mapped");
            var touched = Memory.Now();
            Console.WriteLine($"  after the searches: {touched} → mapped pages resident {(touched.File - beforeLoad.File) / 1e6:N0} MB = {(double)(touched.File - beforeLoad.File) / workload.Total:F1} B/item");
            var sum = loaded.TouchEveryPage();
            var all = Memory.Now();
            Console.WriteLine($"  every page touched ({sum}): {all} → {(double)(all.File - beforeLoad.File) / workload.Total:F1} B/item of mapped pages, {(double)(all.Rss - baseline.Rss) / workload.Total:F1} B/item above the baseline in all");
        }

        Console.WriteLine($"summary: in memory {inMemoryPerItem:F1} B/item; snapshot {(double)fileBytes / workload.Total:F1} B/item; flush {flushSeconds * 1e3:F0} ms");
        return 0;
    }

    private static double Build(ContentPartitionIndex index, Workload workload)
    {
        var batch = new ContentItem[Batch];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        for (long start = 0; start < workload.Total; start += Batch)
        {
            var n = (int)Math.Min(Batch, workload.Total - start);
            for (var i = 0; i < n; i++)
            {
                batch[i] = workload.Item(start + i);
            }

            index.AddRange(batch.AsSpan(0, n));
        }

        index.WaitForBackgroundWork();
        var seconds = watch.Elapsed.TotalSeconds;
        Console.WriteLine($"  (CPU time of the build, all threads: {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s)");
        return seconds;
    }

    private static void Search(ContentPartitionIndex index, Workload workload, string label)
    {
        var results = new List<(long RowId, int Distance)>();
        long found = 0, expected = 0;
        var latencies = new double[workload.Queries];
        var total = Stopwatch.StartNew();
        for (var q = 0; q < workload.Queries; q++)
        {
            results.Clear();
            var t = Stopwatch.GetTimestamp();
            index.SearchPdq(workload.Query(q), Distance, results);
            latencies[q] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
            found += results.Count;
            expected += workload.PlantedRowsOf(q).Count(r => results.Contains((r.Row, r.Distance)));
        }

        var pdqSeconds = total.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        var rows = new List<long>();
        long md5Found = 0;
        var md5Watch = Stopwatch.StartNew();
        for (var q = 0; q < workload.Queries; q++)
        {
            rows.Clear();
            var (row, md5) = workload.KnownMd5(q);
            index.SearchMd5(md5, rows);
            md5Found += rows.Contains(row) ? 1 : 0;
        }

        var md5Seconds = md5Watch.Elapsed.TotalSeconds;
        Console.WriteLine($"  {label}: {workload.Queries:N0} PDQ searches at d = {Distance}: {pdqSeconds * 1e3:F0} ms ({pdqSeconds / workload.Queries * 1e6:F0} µs each, p50 {latencies[latencies.Length / 2]:F0} µs, p99 {latencies[(int)(latencies.Length * 0.99)]:F0} µs); " +
                          $"{found:N0} matches, planted found {expected:N0}/{workload.Planted:N0}{(expected == workload.Planted && found == expected ? " (exact)" : " (MISMATCH)")}");
        Console.WriteLine($"  {label}: {workload.Queries:N0} MD5 lookups: {md5Seconds * 1e3:F1} ms ({md5Seconds / workload.Queries * 1e6:F1} µs each); found {md5Found:N0}/{workload.Queries:N0}");
    }

    /// <summary>Resident memory of this process after a full GC: total, anonymous, file-backed (bytes).</summary>
    private readonly record struct Memory(long Rss, long Anon, long File, long GcCommitted)
    {
        public static Memory Now()
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            var lines = System.IO.File.ReadAllLines("/proc/self/status");
            long Field(string name) => long.Parse(lines.First(l => l.StartsWith(name, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
            return new Memory(Field("VmRSS:"), Field("RssAnon:"), Field("RssFile:"), GC.GetGCMemoryInfo().TotalCommittedBytes);
        }

        public override string ToString() => $"VmRSS {Rss / 1e6:N0} MB (anon {Anon / 1e6:N0}, file {File / 1e6:N0}; GC heap committed {GcCommitted / 1e6:N0})";
    }

    /// <summary>
    /// The items, generated again on demand (a hash of the position): random hashes, with every stride-th item a
    /// near-duplicate of a query instead. Rows are 1..Total.
    /// </summary>
    private sealed class Workload(long random, int queries)
    {
        public long Total { get; } = random + ((long)queries * PlantedPerQuery);

        public int Queries { get; } = queries;

        public long Planted => (long)Queries * PlantedPerQuery;

        private long Stride => Total / Planted;

        public ContentItem Item(long position)
        {
            var row = position + 1;
            if (position % Stride == 0 && position / Stride < Planted)
            {
                var planted = position / Stride;
                var q = (int)(planted / PlantedPerQuery);
                return new ContentItem(row, Flip(Query(q), PlantedDistance(planted), Mix(planted)), Md5Of(row), ShaOf(row));
            }

            return new ContentItem(row, PdqOf(row), Md5Of(row), ShaOf(row));
        }

        public PdqHash Query(int q) => new(Mix(-q * 4L - 1), Mix(-q * 4L - 2), Mix(-q * 4L - 3), Mix(-q * 4L - 4));

        public IEnumerable<(long Row, int Distance)> PlantedRowsOf(int q)
        {
            for (var k = 0; k < PlantedPerQuery; k++)
            {
                var planted = ((long)q * PlantedPerQuery) + k;
                yield return ((planted * Stride) + 1, PlantedDistance(planted));
            }
        }

        public (long Row, Md5Hash Md5) KnownMd5(int q)
        {
            var row = 1 + (long)((ulong)Mix(q + 17L) % (ulong)Total);
            return (row, Md5Of(row));
        }

        private static int PlantedDistance(long planted) => (int)(planted * 11 % (Distance + 1));

        private static PdqHash PdqOf(long row) => new(Mix(row * 8), Mix((row * 8) + 1), Mix((row * 8) + 2), Mix((row * 8) + 3));

        private static Md5Hash Md5Of(long row) => new(Mix((row * 8) + 4), Mix((row * 8) + 5));

        private static Sha256Hash ShaOf(long row) => new(Mix((row * 8) + 6), Mix((row * 8) + 7), Mix(~row), Mix(~row * 3));

        /// <summary>Exactly <paramref name="bits"/> distinct bits flipped, chosen by <paramref name="seed"/>.</summary>
        private static PdqHash Flip(PdqHash hash, int bits, ulong seed)
        {
            Span<ulong> w = [hash.W0, hash.W1, hash.W2, hash.W3];
            Span<bool> used = stackalloc bool[256];
            for (var flipped = 0; flipped < bits; seed = Mix((long)seed))
            {
                var bit = (int)(seed % 256);
                if (!used[bit])
                {
                    used[bit] = true;
                    w[bit >> 6] ^= 1UL << (bit & 63);
                    flipped++;
                }
            }

            return new PdqHash(w[0], w[1], w[2], w[3]);
        }

        /// <summary>SplitMix64: a well-mixed 64-bit value for each input.</summary>
        private static ulong Mix(long x)
        {
            var z = unchecked((ulong)x + 0x9E3779B97F4A7C15UL);
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }
}
