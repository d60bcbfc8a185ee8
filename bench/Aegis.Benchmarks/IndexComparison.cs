using System.Diagnostics;
using Aegis.Hashing.Pdq;
using Aegis.Matching.Index;

namespace Aegis.Benchmarks;

/// <summary>
/// Whole-index figures at a given size and distance, one core: build time, memory per entry,
/// lookups/s and p50/p99 latency, side by side with brute force; checks recall against brute
/// force and writes the hashes and queries for bench/faiss_pdq.py.
/// Usage: Aegis.Benchmarks index ENTRIES [QUERIES] [DISTANCE] [OUTDIR]
/// </summary>
internal static class IndexComparison
{
    public static int Run(string[] args)
    {
        var entries = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
        var queries = args.Length > 1 ? int.Parse(args[1]) : 2_000;
        var distance = args.Length > 2 ? int.Parse(args[2]) : 31;
        var outDir = args.Length > 3 ? args[3] : null;

        var (hashes, queryHashes) = Generate(entries, queries, distance);
        var keys = Enumerable.Range(0, hashes.Length).ToArray();
        Console.WriteLine($"{hashes.Length:N0} entries ({entries:N0} random + {hashes.Length - entries:N0} planted), {queries:N0} queries, d = {distance}");

        GC.Collect();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var stopwatch = Stopwatch.StartNew();
        var index = PdqIndex.Build(hashes, keys);
        var build = stopwatch.Elapsed.TotalSeconds;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var stats = index.Stats;
        Console.WriteLine($"build: {build:F2} s; index memory: {stats.Bytes / 1e6:F0} MB = {(double)stats.Bytes / hashes.Length:F1} B/entry (GC heap growth {(after - before) / 1e6:F0} MB); {stats.Chunks} chunks");

        if (File.Exists("/proc/self/smaps_rollup"))
        {
            var huge = File.ReadAllLines("/proc/self/smaps_rollup").FirstOrDefault(l => l.StartsWith("AnonHugePages", StringComparison.Ordinal));
            Console.WriteLine($"transparent huge pages in use: {huge?.Split(':')[1].Trim() ?? "?"}");
        }

        var results = new List<PdqMatch>();
        var latencies = new double[queries];
        long found = 0;
        foreach (var q in queryHashes.Take(Math.Min(200, queries)))
        {
            results.Clear();
            index.Search(q, distance, results);
        }

        var total = Stopwatch.StartNew();
        for (var i = 0; i < queries; i++)
        {
            results.Clear();
            var t = Stopwatch.GetTimestamp();
            found += index.Search(queryHashes[i], distance, results);
            latencies[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
        }

        var seconds = total.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        Console.WriteLine($"index: {queries / seconds:N0} lookups/s on one core; p50 {latencies[queries / 2]:F0} µs, p99 {latencies[(int)(queries * 0.99)]:F0} µs; {found:N0} matches");

        var bruteQueries = Math.Max(5, Math.Min(queries, 200_000_000 / hashes.Length));
        var bf = Stopwatch.StartNew();
        long bruteFound = 0;
        for (var i = 0; i < bruteQueries; i++)
        {
            bruteFound += PdqBruteForce.Count(hashes, queryHashes[i], distance);
        }

        var bruteSeconds = bf.Elapsed.TotalSeconds;
        Console.WriteLine($"brute force: {bruteQueries / bruteSeconds:N1} lookups/s on one core ({bruteQueries} queries)");

        long indexFound = 0;
        for (var i = 0; i < bruteQueries; i++)
        {
            results.Clear();
            indexFound += index.Search(queryHashes[i], distance, results);
        }

        Console.WriteLine($"recall on those queries: {indexFound}/{bruteFound} ({(bruteFound == 0 ? 1 : (double)indexFound / bruteFound):P2})");
        // A new hash, added to the full index, is matchable by the very next lookup.
        var fresh = Next(new Random(7), stackalloc byte[32]);
        var addWatch = Stopwatch.StartNew();
        index.Add(fresh, int.MaxValue);
        results.Clear();
        index.Search(Flip(fresh, 5, new Random(8)), distance, results);
        var addMicros = addWatch.Elapsed.TotalMicroseconds;
        Console.WriteLine($"add one hash, then find it at distance 5: {addMicros:F0} µs ({(results.Any(m => m.Key == int.MaxValue) ? "found" : "NOT FOUND")})");

        if (outDir is not null)
        {
            Directory.CreateDirectory(outDir);
            Write(Path.Combine(outDir, "hashes.bin"), hashes);
            Write(Path.Combine(outDir, "queries.bin"), queryHashes);
            File.WriteAllText(Path.Combine(outDir, "expected.txt"), $"{found}\n");
            Console.WriteLine($"wrote {outDir}/hashes.bin, queries.bin (32 bytes a hash, bit k = byte k/8 bit k%8)");
        }

        return 0;
    }

    private static (PdqHash[] Hashes, PdqHash[] Queries) Generate(int entries, int queries, int distance)
    {
        // Near-duplicates planted at a few distances up to d + 2 (every 8th query gets the full range).
        static IEnumerable<int> Planted(int q, int distance)
        {
            var step = q % 8 == 0 ? 1 : 8;
            for (var d = q % step; d <= distance + 2; d += step)
            {
                yield return d;
            }
        }

        var planted = Enumerable.Range(0, queries).Sum(q => Planted(q, distance).Count());
        var hashes = new PdqHash[entries + planted];
        var random = new Random(42);
        Span<byte> bytes = stackalloc byte[32];
        for (var i = 0; i < entries; i++)
        {
            hashes[i] = Next(random, bytes);
        }

        var queryHashes = new PdqHash[queries];
        var n = entries;
        for (var q = 0; q < queries; q++)
        {
            queryHashes[q] = Next(random, bytes);
            foreach (var d in Planted(q, distance))
            {
                hashes[n++] = Flip(queryHashes[q], d, random);
            }
        }

        return (hashes, queryHashes);
    }

    private static PdqHash Next(Random random, Span<byte> bytes)
    {
        random.NextBytes(bytes);
        return new PdqHash(BitConverter.ToUInt64(bytes), BitConverter.ToUInt64(bytes[8..]), BitConverter.ToUInt64(bytes[16..]), BitConverter.ToUInt64(bytes[24..]));
    }

    /// <summary>Exactly <paramref name="bits"/> distinct bits flipped.</summary>
    private static PdqHash Flip(PdqHash hash, int bits, Random random)
    {
        Span<ulong> w = [hash.W0, hash.W1, hash.W2, hash.W3];
        Span<bool> used = stackalloc bool[256];
        for (var flipped = 0; flipped < bits;)
        {
            var bit = random.Next(256);
            if (!used[bit])
            {
                used[bit] = true;
                w[bit >> 6] ^= 1UL << (bit & 63);
                flipped++;
            }
        }

        return new PdqHash(w[0], w[1], w[2], w[3]);
    }

    private static void Write(string path, PdqHash[] hashes)
    {
        using var file = File.Create(path);
        Span<byte> bytes = stackalloc byte[32];
        foreach (var h in hashes)
        {
            BitConverter.TryWriteBytes(bytes, h.W0);
            BitConverter.TryWriteBytes(bytes[8..], h.W1);
            BitConverter.TryWriteBytes(bytes[16..], h.W2);
            BitConverter.TryWriteBytes(bytes[24..], h.W3);
            file.Write(bytes);
        }
    }
}
