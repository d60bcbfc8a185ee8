using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video;
using Aegis.Hashing.Video.Formats;
using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using Aegis.Matching.Video;
using Aegis.Storage.Tests.Support;

namespace Aegis.Storage.Tests;

public abstract partial class BankStoreTests
{
    [Fact]
    public async Task A_vpdq_signal_is_stored_whole_canonical_and_once_per_bank()
    {
        await using var store = await OpenAsync();
        var bank = NewBankName("video");
        await store.CreateBankAsync(bank);
        var frames = RandomFrames(400);
        var pythonForm = VpdqSignal.Serialize(frames);
        var canonical = VpdqSignal.SerializeCanonical(VpdqSignal.Parse(pythonForm)); // python-threatexchange keeps 3 significant digits

        var entry = await store.AddEntryAsync(bank, new HashListRecord(SignalType.Vpdq, pythonForm, "v-1", null, null, null, null), "t");
        var again = await store.AddEntryAsync(bank, new HashListRecord(SignalType.Vpdq, pythonForm.Replace(", ", ","), null, null, null, null, null), "t");

        Assert.Equal((SignalType.Vpdq, canonical), (entry.Type, entry.Value));
        Assert.Equal(entry, again);
        Assert.Equal(entry, Assert.Single(await ToListAsync(store.ReadEntriesAsync(bank, enabledOnly: false))));
        Assert.Equal(canonical, Assert.Single(await ToListAsync(store.ReadMatchableEntriesAsync([bank]))).Value);
        var error = await Assert.ThrowsAsync<BankStoreException>(
            () => store.AddEntryAsync(bank, new HashListRecord(SignalType.Vpdq, "[\"abc,1,0\"]", null, null, null, null, null), "t"));
        Assert.Equal(BankStoreError.Invalid, error.Error);
        Assert.Contains("vPDQ signal entry 0", error.Message);
    }

    [Fact]
    public async Task Imports_vpdq_signals_among_other_hashes_and_matches_them_after_a_reload()
    {
        await using var store = await OpenAsync();
        var bank = NewBankName("video-import");
        await store.CreateBankAsync(bank, video: VideoMatchThresholds.Default with { QueryPercent = 90, SegmentFrames = 3 });
        var videos = Enumerable.Range(0, 5).Select(_ => RandomFrames(30)).ToList();
        var records = videos
            .Select(v => new HashListRecord(SignalType.Vpdq, VpdqSignal.Serialize(v), null, null, null, null, null))
            .Append(NewRecord(SignalType.Md5))
            .Append(new HashListRecord(SignalType.Vpdq, VpdqSignal.Serialize(videos[2]), "again", null, null, null, null))
            .ToList();

        var result = await store.ImportAsync(bank, records, "import");
        var feed = await BankMatcherFeed.LoadAsync(store, [bank]);

        Assert.Equal((7L, 6L), (result.Read, result.Added));
        Assert.Equal(5, feed.Matcher.VideoCount);
        var match = Assert.Single(feed.Matcher.MatchVideo(videos[3]).Matches);
        Assert.Equal((SignalType.Vpdq, VideoMatchRule.Reference, 100.0), (match.Type, match.Video!.Rule, match.Video.QueryPercent));
        var stored = await store.GetBankAsync(bank);
        Assert.Equal((90.0, 80.0, 3), (stored!.Video.QueryPercent, stored.Video.ContainmentPercent, stored.Video.SegmentFrames));

        await store.SetEntryEnabledAsync(match.EntryId, enabled: false);
        await store.UpdateBankAsync(bank, new BankUpdate(Video: VideoMatchThresholds.Default with { SegmentFrames = 40 }));
        await feed.CatchUpAsync();
        Assert.Empty(feed.Matcher.MatchVideo(videos[3]).Matches);
        Assert.Equal(40, (await store.GetBankAsync(bank))!.Video.SegmentFrames);
    }

    private List<VpdqFeature> RandomFrames(int count) =>
        [.. Enumerable.Range(0, count).Select(i => new VpdqFeature(
            PdqHash.Parse(RandomRecords.Hex(_random, SignalType.Pdq)), i, 50 + _random.Next(51), i / 29.97))];
}
