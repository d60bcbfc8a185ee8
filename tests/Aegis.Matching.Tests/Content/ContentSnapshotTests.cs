using Aegis.Hashing.Pdq;
using Aegis.Matching.Content;
using Aegis.Matching.Tests.Index;

namespace Aegis.Matching.Tests.Content;

public sealed class ContentSnapshotTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aegis-cindex-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Flush_then_load_gives_the_same_answers_and_checkpoint()
    {
        // Given an index with segments, full tails and a tail, flushed
        var random = new Random(1);
        var queries = Enumerable.Range(0, 3).Select(_ => RandomHashes.Next(random)).ToArray();
        var items = ContentPdqSearchTests.Generate(random, 2_000, queries);
        var oracle = new ContentOracle();
        var options = new ContentIndexOptions { TailCapacity = 300 };
        using (var index = new ContentPartitionIndex(_dir, options))
        {
            ContentPdqSearchTests.AddInBatches(index, oracle, items, random);
            index.Flush(checkpoint: 1234);
            Assert.Equal(1234, index.Checkpoint);
            Assert.Equal(0, index.Stats.TailItems);
            Assert.True(index.Stats.BytesMapped > 0);
        }

        // When it is loaded
        using var loaded = ContentPartitionIndex.Load(_dir, options);

        // Then
        Assert.Equal(1234, loaded.Checkpoint);
        Assert.Equal(oracle.Count, loaded.Count);
        ContentPdqSearchTests.AssertExact(loaded, oracle, queries);
        foreach (var item in items.Where((item, i) => i % 50 == 0 && item.Md5 is not null))
        {
            var rows = new List<long>();
            loaded.SearchMd5(item.Md5!.Value, rows);
            Assert.Equal([item.RowId], rows);
        }

        // And it goes on: more items, another flush, another load
        var more = Enumerable.Range(0, 500).Select(i => ContentOracle.RandomItem(random, 100_000 + i)).ToList();
        ContentPdqSearchTests.AddInBatches(loaded, oracle, more, random);
        loaded.Flush(checkpoint: 5678);
        loaded.Dispose();
        using var again = ContentPartitionIndex.Load(_dir, options);
        Assert.Equal(5678, again.Checkpoint);
        Assert.Equal(oracle.Count, again.Count);
        ContentPdqSearchTests.AssertExact(again, oracle, queries.Append(more[7].Pdq!.Value));
    }

    [Fact]
    public void An_empty_index_flushes_and_loads_empty()
    {
        using (var index = new ContentPartitionIndex(_dir))
        {
            index.Flush(9);
        }

        using var loaded = ContentPartitionIndex.Load(_dir);
        Assert.Equal(0, loaded.Count);
        Assert.Equal(9, loaded.Checkpoint);
    }

    [Fact]
    public void A_flush_with_nothing_new_writes_nothing()
    {
        using var index = new ContentPartitionIndex(_dir);
        index.AddRange(Enumerable.Range(1, 10).Select(r => ContentOracle.RandomItem(new Random(r), r)).ToArray());
        index.Flush(1);
        var files = Directory.GetFiles(_dir).Order().ToArray();

        index.Flush(1);
        Assert.Equal(1, index.ManifestWrites);
        Assert.Equal(files, Directory.GetFiles(_dir).Order());

        index.Flush(2);
        Assert.Equal(2, index.ManifestWrites);
    }

    [Fact]
    public void A_crash_after_segment_files_were_written_but_before_the_manifest_loads_the_last_flushed_state()
    {
        // Given a flush, then more items built (and merged) into segment files the manifest does not name, and a
        // temporary file, as a crash mid-write leaves them
        var random = new Random(3);
        var first = Enumerable.Range(1, 45).Select(r => ContentOracle.RandomItem(random, r)).ToArray();
        var later = Enumerable.Range(46, 200).Select(r => ContentOracle.RandomItem(random, r)).ToArray();
        using (var index = new ContentPartitionIndex(_dir, new ContentIndexOptions { TailCapacity = 10 }))
        {
            index.AddRange(first);
            index.Flush(7);
            index.AddRange(later);
            index.WaitForBackgroundWork();
        }

        File.WriteAllText(Path.Combine(_dir, "segment-000000000999.cix.tmp"), "half a segment");
        File.WriteAllText(Path.Combine(_dir, "manifest.tmp"), "half a manifest");
        File.WriteAllText(Path.Combine(_dir, "notes.tmp"), "not the index's");

        // When
        using var loaded = ContentPartitionIndex.Load(_dir);

        // Then the flushed state, and the leftovers are gone
        Assert.Equal(7, loaded.Checkpoint);
        Assert.Equal(first.Length, loaded.Count);
        foreach (var item in first)
        {
            var results = new List<(long RowId, int Distance)>();
            loaded.SearchPdq(item.Pdq!.Value, 0, results);
            Assert.Equal([(item.RowId, 0)], results);
        }

        var results2 = new List<(long RowId, int Distance)>();
        loaded.SearchPdq(later[0].Pdq!.Value, 0, results2);
        Assert.Empty(results2);
        Assert.False(File.Exists(Path.Combine(_dir, "segment-000000000999.cix.tmp")));
        Assert.False(File.Exists(Path.Combine(_dir, "manifest.tmp")));
        Assert.True(File.Exists(Path.Combine(_dir, "notes.tmp")));
        File.Delete(Path.Combine(_dir, "notes.tmp"));

        // And once its merges are done and flushed, the directory holds the manifest and the current segments only
        // (segment files the crash left behind were deleted at load; merged-away ones once no manifest names them)
        loaded.WaitForBackgroundWork();
        loaded.Flush(8);
        Assert.Equal(loaded.Stats.Segments + 1, Directory.GetFiles(_dir).Length);
    }

    [Fact]
    public void A_new_index_in_a_directory_discards_the_snapshot_there()
    {
        using (var index = new ContentPartitionIndex(_dir))
        {
            index.Add(ContentOracle.RandomItem(new Random(1), 1));
            index.Flush(1);
        }

        using (new ContentPartitionIndex(_dir))
        {
        }

        Assert.Throws<ContentSnapshotException>(() => ContentPartitionIndex.Load(_dir));
    }

    [Fact]
    public void Flushes_while_a_writer_adds_save_every_batch_up_to_their_checkpoint()
    {
        // Given a writer adding batches and, meanwhile, flushes whose checkpoint is the batches completed before
        // each; a copy of the directory is taken after some of them (as a crash right then would leave it)
        const int Batches = 300;
        const int BatchSize = 40;
        var random = new Random(12);
        var completed = 0;
        var copies = new List<string>();
        using (var index = new ContentPartitionIndex(_dir, new ContentIndexOptions { TailCapacity = 256 }))
        {
            var stop = false;
            var writer = new Thread(() =>
            {
                for (var b = 0; b < Batches && !Volatile.Read(ref stop); b++)
                {
                    index.AddRange(Enumerable.Range((b * BatchSize) + 1, BatchSize).Select(r => ContentOracle.RandomItem(random, r)).ToArray());
                    Volatile.Write(ref completed, b + 1);
                }
            });
            writer.Start();
            try
            {
                var flushes = 0;
                while (Volatile.Read(ref completed) < Batches || flushes == 0)
                {
                    index.Flush(Volatile.Read(ref completed));
                    if (flushes++ % 5 == 0 && copies.Count < 8)
                    {
                        copies.Add(Copy(_dir, $"{_dir}-copy{copies.Count}"));
                    }
                }
            }
            finally
            {
                Volatile.Write(ref stop, true);
                writer.Join();
            }
        }

        // Then each snapshot loads with every batch its checkpoint counts and nothing that was not added (it may hold
        // items added during its flush: full tails built meanwhile, which can end mid-batch)
        try
        {
            foreach (var dir in copies.Append(_dir))
            {
                using var loaded = ContentPartitionIndex.Load(dir);
                var all = new List<(long RowId, int Distance)>();
                loaded.SearchPdq(PdqHash.Zero, 256, all);
                var rows = all.Select(r => r.RowId).ToHashSet();
                Assert.Equal(all.Count, rows.Count);
                Assert.Equal(loaded.Count, rows.Count);
                Assert.True(rows.Count >= loaded.Checkpoint * BatchSize, $"{rows.Count} rows for checkpoint {loaded.Checkpoint}");
                Assert.Equal(rows.Count, rows.DefaultIfEmpty().Max());
            }
        }
        finally
        {
            foreach (var copy in copies)
            {
                Directory.Delete(copy, recursive: true);
            }
        }
    }

    /// <summary>
    /// Copies a snapshot directory while the index may be writing in it: a file deleted meanwhile is skipped, and so
    /// is a temporary file being written (locked; a crash would leave it, and a load ignores it).
    /// </summary>
    private static string Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from).Where(f => !f.EndsWith(".tmp", StringComparison.Ordinal)))
        {
            try
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            }
            catch (FileNotFoundException)
            {
            }
        }

        return to;
    }

    public static TheoryData<string> Damages => new()
    {
        "no manifest",
        "empty directory",
        "manifest truncated",
        "manifest bit flipped",
        "manifest wrong magic",
        "manifest wrong version",
        "segment missing",
        "segment truncated",
        "segment extended",
        "segment bit flipped in the data",
        "segment bit flipped in the header",
        "segment wrong magic",
        "segment wrong version",
        "segment replaced by another segment",
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_snapshot_is_refused(string damage)
    {
        // Given a flushed snapshot with two segments
        var random = new Random(4);
        using (var index = new ContentPartitionIndex(_dir, new ContentIndexOptions { TailCapacity = 1_000 }))
        {
            index.AddRange(Enumerable.Range(1, 1_500).Select(r => ContentOracle.RandomItem(random, r)).ToArray());
            index.WaitForBackgroundWork();
            index.Flush(1);
        }

        var manifest = Path.Combine(_dir, "manifest");
        var segments = Directory.GetFiles(_dir, "segment-*.cix").Order().ToArray();
        Assert.Equal(2, segments.Length);

        // When
        switch (damage)
        {
            case "no manifest":
                File.Delete(manifest);
                break;
            case "empty directory":
                Directory.Delete(_dir, recursive: true);
                Directory.CreateDirectory(_dir);
                break;
            case "manifest truncated":
                Truncate(manifest, 10);
                break;
            case "manifest bit flipped":
                Flip(manifest, 30);
                break;
            case "manifest wrong magic":
                Flip(manifest, 0);
                break;
            case "manifest wrong version":
                Flip(manifest, 9);
                break;
            case "segment missing":
                File.Delete(segments[1]);
                break;
            case "segment truncated":
                Truncate(segments[0], 4096);
                break;
            case "segment extended":
                File.AppendAllText(segments[0], "x");
                break;
            case "segment bit flipped in the data":
                Flip(segments[0], new FileInfo(segments[0]).Length / 2);
                break;
            case "segment bit flipped in the header":
                Flip(segments[0], 40);
                break;
            case "segment wrong magic":
                Flip(segments[0], 3);
                break;
            case "segment wrong version":
                Flip(segments[0], 8);
                break;
            case "segment replaced by another segment":
                File.Copy(segments[1], segments[0], overwrite: true);
                break;
        }

        // Then
        Assert.Throws<ContentSnapshotException>(() => ContentPartitionIndex.Load(_dir));
    }

    [Fact]
    public void Searches_on_a_loaded_snapshot_find_rows_held_by_merged_segments_after_more_adds()
    {
        // A loaded index keeps merging (its mapped segments with new ones) and stays exact.
        var random = new Random(8);
        var queries = Enumerable.Range(0, 2).Select(_ => RandomHashes.Next(random)).ToArray();
        var oracle = new ContentOracle();
        var options = new ContentIndexOptions { TailCapacity = 200 };
        using (var index = new ContentPartitionIndex(_dir, options))
        {
            ContentPdqSearchTests.AddInBatches(index, oracle, ContentPdqSearchTests.Generate(random, 1_000, queries), random);
            index.Flush(1);
        }

        using var loaded = ContentPartitionIndex.Load(_dir, options);
        var more = Enumerable.Range(0, 1_500).Select(i => new ContentItem(50_000 + i, RandomHashes.Flip(queries[i % 2], i % 40, random), null, null)).ToList();
        ContentPdqSearchTests.AddInBatches(loaded, oracle, more, random);
        loaded.WaitForBackgroundWork();

        ContentPdqSearchTests.AssertExact(loaded, oracle, queries);
        Assert.True(loaded.Stats.Segments <= 5);
    }

    private static void Truncate(string path, long by)
    {
        using var file = new FileStream(path, FileMode.Open);
        file.SetLength(file.Length - by);
    }

    private static void Flip(string path, long offset)
    {
        using var file = new FileStream(path, FileMode.Open);
        file.Position = offset;
        var b = file.ReadByte();
        file.Position = offset;
        file.WriteByte((byte)(b ^ 0x10));
    }
}
