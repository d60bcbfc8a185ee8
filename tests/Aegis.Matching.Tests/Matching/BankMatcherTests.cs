using Aegis.Hashing.Digests;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video;
using Aegis.Hashing.Video.Formats;
using Aegis.Matching.Banks;
using Aegis.Matching.Matching;
using Aegis.Matching.Tests.Index;
using Aegis.Matching.Tests.Video;
using Aegis.Matching.Video;

namespace Aegis.Matching.Tests.Matching;

public sealed class BankMatcherTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
    private static readonly EntrySource Source = new("test-list", null, null, Now, "test");
    private readonly Random _random = new(11);

    [Fact]
    public void Each_bank_applies_its_own_threshold()
    {
        var known = RandomHashes.Next(_random);
        var matcher = BankMatcher.Build(
            [BankNamed("strict", threshold: 10), BankNamed("loose", threshold: 40)],
            [Entry(1, "strict", known), Entry(2, "loose", known)]);

        var at20 = matcher.Match(RandomHashes.Flip(known, 20, _random));
        var at5 = matcher.Match(RandomHashes.Flip(known, 5, _random));

        Assert.Equal(["loose"], at20.Matches.Select(m => m.Bank));
        Assert.Equal(20, at20.Matches[0].Distance);
        Assert.Equal(["loose", "strict"], at5.Matches.Select(m => m.Bank).Order());
    }

    [Fact]
    public void Disabled_banks_and_removed_entries_never_match()
    {
        var known = RandomHashes.Next(_random);
        var entry = Entry(1, "ncmec-stand-in", known);
        var matcher = BankMatcher.Build([BankNamed("ncmec-stand-in")], [entry]);

        Assert.Single(matcher.Match(known).Matches);
        matcher.SetBank(BankNamed("ncmec-stand-in") with { Enabled = false });
        Assert.Empty(matcher.Match(known).Matches);
        matcher.SetBank(BankNamed("ncmec-stand-in"));
        matcher.Remove(entry);
        Assert.Empty(matcher.Match(known).Matches);
    }

    [Fact]
    public void A_new_entry_matches_at_once()
    {
        var matcher = BankMatcher.Build([BankNamed("own")], Array.Empty<BankEntry>());
        var known = RandomHashes.Next(_random);

        matcher.Add(Entry(77, "own", known));

        Assert.Equal(77, Assert.Single(matcher.Match(known).Matches).EntryId);
    }

    [Fact]
    public void A_negative_pdq_match_suppresses_ordinary_pdq_matches_but_not_exact_digest_matches()
    {
        var meme = RandomHashes.Next(_random);
        var md5 = Md5Hash.FromBytes(Enumerable.Range(0, 16).Select(i => (byte)i).ToArray());
        var matcher = BankMatcher.Build(
            [BankNamed("listed"), BankNamed("known-benign") with { Kind = BankKind.Negative }],
            [Entry(1, "listed", meme), Entry(2, "known-benign", meme), new BankEntry(3, "listed", SignalType.Md5, md5.ToString(), Source, true)]);

        var result = matcher.Match(meme, md5);

        Assert.Equal([1L], result.Suppressed.Select(m => m.EntryId));
        Assert.Equal([2L, 3L], result.Matches.Select(m => m.EntryId).Order());
        Assert.Equal([3L], result.Effective.Select(m => m.EntryId));
    }

    [Fact]
    public void A_negative_exact_match_suppresses_everything()
    {
        var hash = RandomHashes.Next(_random);
        var sha = Sha256Hash.FromBytes(Enumerable.Range(0, 32).Select(i => (byte)(i * 3)).ToArray());
        var matcher = BankMatcher.Build(
            [BankNamed("listed"), BankNamed("benign-files") with { Kind = BankKind.Negative }],
            [Entry(1, "listed", hash), new BankEntry(2, "benign-files", SignalType.Sha256, sha.ToString(), Source, true)]);

        var result = matcher.Match(hash, sha256: sha);

        Assert.Empty(result.Effective);
        Assert.Equal([1L], result.Suppressed.Select(m => m.EntryId));
    }

    [Fact]
    public void Exact_digests_match_only_exactly()
    {
        var md5 = Md5Hash.FromBytes(Enumerable.Range(0, 16).Select(i => (byte)(i + 1)).ToArray());
        var other = Md5Hash.FromBytes(Enumerable.Range(0, 16).Select(i => (byte)(i + 2)).ToArray());
        var matcher = BankMatcher.Build([BankNamed("md5s")], [new BankEntry(5, "md5s", SignalType.Md5, md5.ToString(), Source, true)]);

        Assert.Single(matcher.Match(null, md5).Matches);
        Assert.Empty(matcher.Match(null, other).Matches);
    }

    [Fact]
    public void A_video_matches_a_vpdq_entry_by_each_banks_own_rules()
    {
        var known = Videos.Random(30, _random);
        var matcher = BankMatcher.Build(
            [BankNamed("videos"), BankNamed("strict-videos") with { Video = VideoMatchThresholds.Default with { QueryPercent = 95 } }],
            [VideoEntry(1, "videos", known), VideoEntry(2, "strict-videos", known)]);
        var mostly = Videos.Concat(Videos.NearCopy(known.Take(27), 8, _random), Videos.Random(3, _random));

        var result = matcher.MatchVideo(mostly);

        Assert.Equal((2, 60L), (matcher.VideoCount, matcher.VideoFrameCount));
        Assert.Equal(2, result.Matches.Count);
        var loose = result.Matches.Single(m => m.Bank == "videos");
        Assert.Equal((SignalType.Vpdq, BankAction.Block, VideoMatchRule.Reference, 90.0), (loose.Type, loose.Action, loose.Video!.Rule, loose.Video.QueryPercent));
        var strict = result.Matches.Single(m => m.Bank == "strict-videos");
        Assert.Equal((VideoMatchRule.Containment, BankAction.Block), (strict.Video!.Rule, strict.Action));
    }

    [Fact]
    public void A_segment_of_a_known_video_is_held_for_review_not_blocked()
    {
        var known = Videos.Random(60, _random);
        var matcher = BankMatcher.Build([BankNamed("videos")], [VideoEntry(9, "videos", known)]);
        var excerpt = Videos.Concat(Videos.Random(20, _random), Videos.NearCopy(known.Skip(10).Take(6), 5, _random), Videos.Random(20, _random));

        var match = Assert.Single(matcher.MatchVideo(excerpt).Matches);

        Assert.Equal((VideoMatchRule.Segment, BankAction.Hold), (match.Video!.Rule, match.Action));
        Assert.Empty(matcher.MatchVideo(Videos.Random(40, _random)).Matches);
    }

    [Fact]
    public void Video_entries_come_and_go_and_a_negative_video_cancels_ordinary_video_matches_but_not_digests()
    {
        var known = Videos.Random(20, _random);
        var md5 = Md5Hash.FromBytes(Enumerable.Range(0, 16).Select(i => (byte)(i * 7)).ToArray());
        var matcher = BankMatcher.Build(
            [BankNamed("videos"), BankNamed("benign-videos") with { Kind = BankKind.Negative }],
            [new BankEntry(3, "videos", SignalType.Md5, md5.ToString(), Source, true)]);
        var entry = VideoEntry(1, "videos", known);

        matcher.Add(entry);
        matcher.Add(entry);
        Assert.Equal(1L, Assert.Single(matcher.MatchVideo(known).Matches).EntryId);

        matcher.Add(VideoEntry(2, "benign-videos", known));
        var result = matcher.MatchVideo(known, md5);
        Assert.Equal([1L], result.Suppressed.Select(m => m.EntryId));
        Assert.Equal([3L], result.Effective.Select(m => m.EntryId));

        matcher.Remove(entry);
        matcher.Remove(VideoEntry(2, "benign-videos", known));
        Assert.Empty(matcher.MatchVideo(known).Matches);
        Assert.Equal(0, matcher.VideoCount);
    }

    private static BankEntry VideoEntry(long id, string bank, List<VpdqFeature> features) =>
        new(id, bank, SignalType.Vpdq, VpdqSignal.SerializeCanonical(features), Source, Enabled: true);

    private static Bank BankNamed(string name, int threshold = Bank.DefaultPdqThreshold) =>
        new(name, threshold, BankAction.Block, BankKind.Ordinary, Enabled: true, null, Now);

    private static BankEntry Entry(long id, string bank, PdqHash hash) =>
        new(id, bank, SignalType.Pdq, hash.ToString(), Source, Enabled: true);
}
