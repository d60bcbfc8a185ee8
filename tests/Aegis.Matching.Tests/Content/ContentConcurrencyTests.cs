using Aegis.Hashing.Pdq;
using Aegis.Matching.Content;
using Aegis.Matching.Tests.Index;

namespace Aegis.Matching.Tests.Content;

public sealed class ContentConcurrencyTests
{
    [Fact]
    public void Searches_during_adds_builds_and_merges_see_everything_added_before_they_started_and_nothing_never_added()
    {
        // Given one writer adding batches (rows 1..N, every item near one query hash and sharing one MD5, so a
        // search returns everything held) with a tiny tail, so tails are built and merged all the time
        const int Batches = 400;
        const int BatchSize = 50;
        var random = new Random(17);
        var query = RandomHashes.Next(random);
        var md5 = ContentOracle.RandomMd5(random);
        var hashes = Enumerable.Range(0, Batches * BatchSize).Select(i => RandomHashes.Flip(query, i % 9, random)).ToArray();
        using var index = new ContentPartitionIndex(null, new ContentIndexOptions { TailCapacity = 64, MaxPendingTails = 2 });
        var completedBatches = 0;
        var failures = new List<string>();
        var searches = 0;

        void Reader(bool pdq)
        {
            while (Volatile.Read(ref completedBatches) < Batches)
            {
                var before = (long)Volatile.Read(ref completedBatches) * BatchSize;
                List<long> rows;
                if (pdq)
                {
                    var results = new List<(long RowId, int Distance)>();
                    index.SearchPdq(query, 8, results);
                    rows = [.. results.Select(r => r.RowId)];
                }
                else
                {
                    rows = [];
                    index.SearchMd5(md5, rows);
                }

                // The batch being added when the search ended may be seen whole, never any later one.
                var after = (long)(Volatile.Read(ref completedBatches) + 1) * BatchSize;
                var distinct = rows.ToHashSet();
                var missing = Enumerable.Range(1, (int)before).Count(r => !distinct.Contains(r));
                if (missing > 0 || distinct.Count != rows.Count || rows.Any(r => r < 1 || r > after) || distinct.Count % BatchSize != 0)
                {
                    lock (failures)
                    {
                        failures.Add($"{(pdq ? "PDQ" : "MD5")}: {rows.Count} rows, {distinct.Count} distinct, {missing} of the first {before} missing, largest {rows.DefaultIfEmpty().Max()} (at most {after})");
                    }
                }

                Interlocked.Increment(ref searches);
            }
        }

        var readers = new[] { true, false, true }.Select(pdq => new Thread(() => Reader(pdq))).ToArray();
        foreach (var reader in readers)
        {
            reader.Start();
        }

        // When
        for (var b = 0; b < Batches; b++)
        {
            var batch = Enumerable.Range(b * BatchSize, BatchSize).Select(i => new ContentItem(i + 1, hashes[i], md5, null)).ToArray();
            index.AddRange(batch);
            Volatile.Write(ref completedBatches, b + 1);
        }

        foreach (var reader in readers)
        {
            reader.Join();
        }

        index.WaitForBackgroundWork();

        // Then
        Assert.Empty(failures);
        Assert.True(searches > 0);
        var all = new List<(long RowId, int Distance)>();
        index.SearchPdq(query, 8, all);
        Assert.Equal(Batches * BatchSize, all.Select(r => r.RowId).Distinct().Count());
        Assert.Equal(Batches * BatchSize, index.Count);
    }

    [Fact]
    public void A_search_holding_a_merged_away_segment_still_reads_it()
    {
        // A search takes a reference on every segment of its state; a merge frees a replaced segment only when the
        // last reference goes. Here a search's state is taken by hand, a merge runs, and the old segments still answer.
        var random = new Random(23);
        using var index = new ContentPartitionIndex(null, new ContentIndexOptions { TailCapacity = 5 });
        var hash = RandomHashes.Next(random);
        index.AddRange(Enumerable.Range(1, 11).Select(r => new ContentItem(r, hash, null, null)).ToArray());
        index.WaitForBackgroundWork();
        var held = Assert.Single(GetState(index).Segments);
        Assert.True(held.TryAcquire());

        index.AddRange(Enumerable.Range(12, 10).Select(r => new ContentItem(r, hash, null, null)).ToArray());
        index.WaitForBackgroundWork();

        Assert.DoesNotContain(held, GetState(index).Segments);
        var results = new List<(long RowId, int Distance)>();
        Span<int> radii = stackalloc int[PdqChunks.Count];
        PdqChunks.Radii(0, radii);
        held.SearchPdq(hash, 0, radii, results);
        Assert.Equal(10, results.Count);
        held.Release();
        Assert.False(held.TryAcquire());
    }

    private static IndexState GetState(ContentPartitionIndex index) =>
        (IndexState)typeof(ContentPartitionIndex).GetField("_state", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(index)!;
}
