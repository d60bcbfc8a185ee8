using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using Aegis.Storage.Tests.Support;

namespace Aegis.Storage.Tests;

public abstract partial class BankStoreTests
{
    [Fact]
    public async Task Imports_200k_records_merging_duplicates_and_reporting_progress()
    {
        const int Count = 200_000;
        const int DuplicateEvery = 10;
        await using var store = await OpenAsync();
        var bank = NewBankName("import");
        await store.CreateBankAsync(bank);
        var unique = new List<HashListRecord>();
        var alreadyThere = await store.AddEntryAsync(bank, RandomRecords.WithDuplicates(1, int.MaxValue, seed: 42).Single(), "curator");
        var progress = new List<ImportProgress>();

        var result = await store.ImportAsync(
            bank, RandomRecords.WithDuplicates(Count, DuplicateEvery, seed: 42, unique), "importer", new SynchronousProgress(progress));

        Log($"imported {result.Read:N0} records ({result.Added:N0} added) in {result.Elapsed.TotalSeconds:F1} s: {result.Read / result.Elapsed.TotalSeconds:N0} records/s");
        Assert.Equal(Count, result.Read);
        Assert.Equal(unique.Count - 1, result.Added);
        Assert.Equal(Count - unique.Count + 1, result.Merged);
        Assert.True(progress.Count >= Count / 100_000, $"progress was reported {progress.Count} times");
        Assert.True(progress.Zip(progress.Skip(1)).All(p => p.First.Read < p.Second.Read), "progress must move forward");
        Assert.Equal((result.Read, result.Added, result.Merged), (progress[^1].Read, progress[^1].Added, progress[^1].Merged));

        var stored = await ToListAsync(store.ReadEntriesAsync(bank, enabledOnly: false));
        Assert.Equal(unique.Count, stored.Count);
        Assert.Equal(alreadyThere, stored[0]);
        Assert.Equal(unique.Select(r => (r.Type, r.Value, r.ExternalId)), stored.Select(e => (e.Type, e.Value, e.Source.ExternalId)));
        Assert.All(stored.Skip(1), e => Assert.Equal(new EntrySource("generated", e.Source.ExternalId, e.Source.Category, Start, "importer"), e.Source));
        var summary = Assert.Single(await store.ListBanksAsync(), s => s.Bank.Name == bank);
        Assert.Equal((unique.Count, (long)unique.Count), (summary.EnabledEntries, summary.TotalEntries));
        var added = (await ChangesOfAsync(store, bank)).Where(c => c.Kind == BankChangeKind.EntryAdded).Select(c => c.Entry!.Id);
        Assert.Equal(stored.Select(e => e.Id), added);
    }

    [Fact]
    public async Task Import_keeps_each_records_time_author_and_enabled_flag()
    {
        await using var store = await OpenAsync();
        var bank = NewBankName("import-meta");
        await store.CreateBankAsync(bank);
        var listedAt = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.FromHours(-5));
        HashListRecord[] records =
        [
            NewRecord() with { AddedAt = listedAt, AddedBy = "hotline" },
            NewRecord(SignalType.Md5) with { Enabled = false, List = "fp", Category = "meme" },
        ];

        var result = await store.ImportAsync(bank, records, "importer");

        var stored = await ToListAsync(store.ReadEntriesAsync(bank, enabledOnly: false));
        Assert.Equal((2L, 2L, 0L), (result.Read, result.Added, result.Merged));
        Assert.Equal(new EntrySource(null, null, null, listedAt, "hotline"), stored[0].Source);
        Assert.Equal(TimeSpan.Zero, stored[0].Source.AddedAt.Offset);
        Assert.Equal(new EntrySource("fp", null, "meme", Start, "importer"), stored[1].Source);
        Assert.Equal([true, false], stored.Select(e => e.Enabled));
        Assert.Empty(await ToListAsync(store.ReadEntriesAsync(bank, enabledOnly: true).Where(e => !e.Enabled)));
    }

    [Fact]
    public async Task Import_refuses_a_bad_value_and_says_which_record()
    {
        await using var store = await OpenAsync();
        var bank = NewBankName("import-bad");
        await store.CreateBankAsync(bank);
        HashListRecord[] records = [NewRecord(), NewRecord(), NewRecord() with { Value = "not a hash" }];

        var error = await Assert.ThrowsAsync<BankStoreException>(() => store.ImportAsync(bank, records, null));

        Assert.Equal(BankStoreError.Invalid, error.Error);
        Assert.StartsWith("Import record 3: ", error.Message, StringComparison.Ordinal);
        Assert.Empty(await ToListAsync(store.ReadEntriesAsync(bank, false)));
        Assert.DoesNotContain(await ChangesOfAsync(store, bank), c => c.Kind == BankChangeKind.EntryAdded);
    }

    [Fact]
    public async Task Importing_the_same_list_again_adds_nothing()
    {
        await using var store = await OpenAsync();
        var bank = NewBankName("reimport");
        await store.CreateBankAsync(bank);
        await store.ImportAsync(bank, RandomRecords.WithDuplicates(3_000, 7, seed: 9), null);
        var latest = await store.LatestChangeAsync();

        var again = await store.ImportAsync(bank, RandomRecords.WithDuplicates(3_000, 7, seed: 9), null);

        Assert.Equal((3_000L, 0L, 3_000L), (again.Read, again.Added, again.Merged));
        Assert.Equal(latest, await store.LatestChangeAsync());
    }

    [Fact]
    public async Task Imports_into_two_banks_at_once_from_two_stores()
    {
        const int Count = 60_000;
        await using var first = await OpenAsync();
        await using var second = await OpenAsync();
        var banks = new[] { NewBankName("parallel-a"), NewBankName("parallel-b") };
        await first.CreateBankAsync(banks[0]);
        await second.CreateBankAsync(banks[1]);
        var before = await first.LatestChangeAsync();

        var imports = new[]
        {
            first.ImportAsync(banks[0], RandomRecords.WithDuplicates(Count, 5, seed: 100), null),
            second.ImportAsync(banks[1], RandomRecords.WithDuplicates(Count, 5, seed: 200), null),
        };
        var singleAdds = Task.Run(async () =>
        {
            // A third caller adds single entries to both banks while the imports run.
            for (var i = 0; i < 20; i++)
            {
                await first.AddEntryAsync(banks[i % 2], RandomRecords.Pdq(new Random(i)), "curator");
            }
        });
        var polled = new List<BankChange>();
        var poller = Task.Run(async () =>
        {
            // A node following the feed while the writers run: it must see every row, none skipped.
            var last = before;
            while (!imports.All(i => i.IsCompleted) || !singleAdds.IsCompleted)
            {
                await foreach (var change in first.ReadChangesAsync(last))
                {
                    polled.Add(change);
                    last = change.Sequence;
                }
            }

            await foreach (var change in first.ReadChangesAsync(last))
            {
                polled.Add(change);
            }
        });
        await singleAdds;
        var results = await Task.WhenAll(imports);
        await poller;

        Assert.All(results, r => Assert.Equal((60_000L, 48_000L), (r.Read, r.Added)));
        var changes = await ToListAsync(first.ReadChangesAsync(before));
        Assert.Equal(2 * 48_000 + 20, changes.Count);
        Assert.Equal(changes.Select(c => c.Sequence), polled.Select(c => c.Sequence));
        Assert.True(changes.Zip(changes.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence), "sequences must be strictly increasing");
        foreach (var bank in banks)
        {
            var entries = await ToListAsync(first.ReadEntriesAsync(bank, enabledOnly: false));
            Assert.Equal(48_000 + 10, entries.Count);
            Assert.Equal(entries.Select(e => e.Id).Order(), changes.Where(c => c.Bank == bank).Select(c => c.Entry!.Id).Order());
        }
    }

    /// <summary>Records each report as it is made (<see cref="Progress{T}"/> would post them to the thread pool, out of order).</summary>
    private sealed class SynchronousProgress(List<ImportProgress> reports) : IProgress<ImportProgress>
    {
        public void Report(ImportProgress value) => reports.Add(value);
    }
}
