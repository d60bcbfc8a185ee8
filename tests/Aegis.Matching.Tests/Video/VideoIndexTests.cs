using Aegis.Hashing.Video;
using Aegis.Matching.Index;
using Aegis.Matching.Tests.Index;
using Aegis.Matching.Video;

namespace Aegis.Matching.Tests.Video;

public sealed class VideoIndexTests
{
    private const int KnownKey = 7;

    private readonly Random _random = new(2024);

    [Fact]
    public void A_re_encode_of_a_known_video_matches_by_the_reference_rule()
    {
        var known = Videos.Random(30, _random);
        var index = IndexOf(known);
        var upload = Videos.Concat(Videos.NearCopy(known.Take(27), 10, _random), Videos.Random(3, _random));

        var match = Assert.Single(index.Match(upload));

        Assert.Equal(new VideoMatch(KnownKey, VideoMatchRule.Reference, 90.0, 90.0, 90.0, 27), match);
    }

    [Fact]
    public void An_upload_holding_all_of_a_known_video_among_much_else_matches_by_containment()
    {
        var known = Videos.Random(20, _random);
        var index = IndexOf(known);
        var upload = Videos.Concat(Videos.Random(100, _random), Videos.NearCopy(known, 6, _random), Videos.Random(100, _random));

        var match = Assert.Single(index.Match(upload));

        Assert.Equal(VideoMatchRule.Containment, match.Rule);
        Assert.Equal(20 * 100.0 / 220, match.QueryPercent);
        Assert.Equal((100.0, 100.0), (match.CandidatePercent, match.CoveragePercent));
    }

    [Fact]
    public void Six_frames_of_a_known_video_inside_other_material_match_by_segment()
    {
        var known = Videos.Random(40, _random);
        var index = IndexOf(known);
        var upload = Videos.Concat(Videos.Random(30, _random), Videos.NearCopy(known.Skip(12).Take(6), 4, _random), Videos.Random(30, _random));

        var match = Assert.Single(index.Match(upload));

        Assert.Equal(new VideoMatch(KnownKey, VideoMatchRule.Segment, 6 * 100.0 / 66, 15.0, 15.0, 6), match);
    }

    [Fact]
    public void Four_frames_are_not_a_segment()
    {
        var known = Videos.Random(40, _random);
        var upload = Videos.Concat(Videos.Random(30, _random), known.Take(4), Videos.Random(30, _random));

        Assert.Empty(IndexOf(known).Match(upload));
    }

    [Fact]
    public void A_different_video_does_not_match()
    {
        var index = IndexOf(Videos.Random(40, _random));

        Assert.Empty(index.Match(Videos.Random(40, _random)));
        Assert.Empty(index.Match(Videos.Random(40, _random), new VideoMatchThresholds { QueryPercent = 0, ContainmentPercent = 0, SegmentFrames = 1 }));
    }

    [Fact]
    public void Low_quality_frames_of_the_upload_do_not_match()
    {
        var known = Videos.Random(10, _random);
        var index = IndexOf(known);

        Assert.Empty(index.Match(known.Select(f => f with { Quality = 49 }).ToList()));
    }

    [Fact]
    public void Only_the_videos_hit_are_reported_in_key_order()
    {
        var videos = Enumerable.Range(0, 50).Select(_ => Videos.Random(10, _random)).ToList();
        var index = new VideoIndex();
        foreach (var key in new[] { 40, 3, 25, 12 }.Concat(Enumerable.Range(100, 46)).Select((k, i) => (k, i)))
        {
            index.Add(key.k, videos[key.i]);
        }

        var upload = Videos.Concat(videos[2], videos[0]);
        var matches = index.Match(upload, new VideoMatchThresholds { QueryPercent = 50, ContainmentPercent = 101 });

        Assert.Equal([25, 40], matches.Select(m => m.VideoKey));
        Assert.All(matches, m => Assert.Equal((50.0, 100.0), (m.QueryPercent, m.CandidatePercent)));
        Assert.Equal(50, index.VideoCount);
        Assert.Equal(500, index.FrameCount);
    }

    [Fact]
    public void A_key_is_added_once()
    {
        var index = IndexOf(Videos.Random(3, _random));

        var error = Assert.Throws<ArgumentException>(() => index.Add(KnownKey, Videos.Random(3, _random)));

        Assert.Contains("already", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lookup_cannot_ask_for_frames_the_index_did_not_keep()
    {
        var index = IndexOf(Videos.Random(3, _random));

        Assert.Throws<ArgumentException>(() => index.Match([], new VideoMatchThresholds { MinQuality = 49 }));
        Assert.Empty(index.Match([], new VideoMatchThresholds { MinQuality = 90 }));
    }

    /// <summary>
    /// The index's percentages are the brute-force ones, for random bank videos with repeats, low-quality frames and
    /// frames shared between videos, and uploads made of re-encoded frames at distances around the threshold.
    /// </summary>
    [Fact]
    public void Matches_equal_the_brute_force_comparison_on_random_videos()
    {
        var reported = 0;
        var rules = new HashSet<VideoMatchRule>();
        for (var seed = 0; seed < 500; seed++)
        {
            var random = new Random(seed);
            var indexQuality = random.Next(2) == 0 ? 0 : 50;
            var bank = RandomBank(random);
            var index = new VideoIndex(indexQuality, new PdqIndexOptions { MergeThreshold = 64 });
            foreach (var (key, video) in bank)
            {
                index.Add(key, video);
            }

            var query = RandomUpload(bank, random);
            var everyHit = new VideoMatchThresholds
            {
                QueryPercent = 0,
                FrameDistance = new[] { 0, 8, 20, 31, 32, 40 }[random.Next(6)],
                MinQuality = indexQuality + random.Next(3) * 20,
            };

            var matches = index.Match(query, everyHit).ToDictionary(m => m.VideoKey);
            var ruled = index.Match(query, VideoMatchThresholds.Default with { FrameDistance = everyHit.FrameDistance, MinQuality = everyHit.MinQuality });
            var expectedRuled = new List<VideoMatch>();
            foreach (var (key, video) in bank)
            {
                var brute = VpdqComparer.Compare(query, video, everyHit);
                if (brute.MatchedQueryFrames == 0)
                {
                    Assert.False(matches.ContainsKey(key), $"seed {seed}: video {key} was not hit");
                    continue;
                }

                Assert.Equal(
                    new VideoMatch(key, VideoMatchRule.Reference, brute.QueryPercent, brute.CandidatePercent, brute.CoveragePercent, brute.MatchedQueryFrames),
                    matches[key]);
                if (VideoMatchThresholds.Default.Evaluate(brute) is { } rule)
                {
                    expectedRuled.Add(new VideoMatch(key, rule, brute.QueryPercent, brute.CandidatePercent, brute.CoveragePercent, brute.MatchedQueryFrames));
                }
            }

            Assert.Equal(expectedRuled.OrderBy(m => m.VideoKey), ruled);
            reported += matches.Count;
            rules.UnionWith(ruled.Select(m => m.Rule));
        }

        // Enough hits, and every rule, or the comparison would prove little.
        Assert.True(reported > 800, $"only {reported} candidate videos over all cases");
        Assert.Equal(Enum.GetValues<VideoMatchRule>(), rules.Order());
    }

    [Fact]
    public void A_removed_video_no_longer_matches_and_its_key_can_be_added_again()
    {
        var known = Videos.Random(10, _random);
        var index = new VideoIndex();
        index.Add(1, known);
        index.Add(2, Videos.NearCopy(known, 2, _random));

        Assert.True(index.Remove(1));
        Assert.False(index.Remove(1));
        Assert.Equal([2], index.Match(known).Select(m => m.VideoKey));
        Assert.Equal((1, 10L), (index.VideoCount, index.FrameCount));

        index.Add(1, known);
        Assert.Equal([1, 2], index.Match(known).Select(m => m.VideoKey));
        Assert.True(index.Contains(1));
    }

    [Fact]
    public async Task Lookups_while_videos_are_added_see_whole_videos_and_do_not_throw()
    {
        var known = Videos.Random(12, _random);
        var index = new VideoIndex(options: new PdqIndexOptions { MergeThreshold = 100 });
        index.Add(0, known);
        var copies = 0;
        using var done = new CancellationTokenSource();

        var writer = Task.Run(() =>
        {
            var random = new Random(5);
            for (var key = 1; key <= 400; key++)
            {
                // Every third video is a copy of the known one: a lookup sees all of it (100 / 100) or none of it.
                index.Add(key, key % 3 == 0 ? Videos.NearCopy(known, 3, random) : Videos.Random(12, random));
                copies += key % 3 == 0 ? 1 : 0;
            }

            done.Cancel();
        });
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var lookups = 0;
            while (!done.IsCancellationRequested || lookups == 0)
            {
                var matches = index.Match(known);
                Assert.Contains(matches, m => m.VideoKey == 0);
                Assert.All(matches, m => Assert.Equal((100.0, 100.0, 12), (m.QueryPercent, m.CandidatePercent, m.MatchedQueryFrames)));
                Assert.All(matches, m => Assert.True(m.VideoKey % 3 == 0));
                lookups++;
            }

            return lookups;
        })).ToArray();

        await writer;
        var lookups = await Task.WhenAll(readers);

        Assert.All(lookups, n => Assert.True(n > 0));
        Assert.Equal(copies + 1, index.Match(known).Count);
    }

    private static VideoIndex IndexOf(List<VpdqFeature> known)
    {
        var index = new VideoIndex();
        index.Add(KnownKey, known);
        return index;
    }

    private static readonly int[] Qualities = [0, 30, 49, 50, 51, 70, 90, 100];

    private static List<(int Key, List<VpdqFeature> Video)> RandomBank(Random random)
    {
        var bank = new List<(int, List<VpdqFeature>)>();
        var count = random.Next(1, 12);
        for (var v = 0; v < count; v++)
        {
            var frames = new List<VpdqFeature>();
            var length = random.Next(0, 30);
            var step = new[] { 1.0, 0.5, 1 / 3.0, 0.1 }[random.Next(4)]; // hashed at 1, 2, 3 or 10 frames a second
            for (var f = 0; f < length; f++)
            {
                var quality = Qualities[random.Next(Qualities.Length)];
                var roll = random.Next(10);
                var hash = roll switch
                {
                    0 when frames.Count > 0 => frames[random.Next(frames.Count)].Hash, // a repeated frame
                    1 when bank.Count > 0 => RandomFrameOf(bank, random).Hash, // shared with another video
                    2 when frames.Count > 0 => RandomHashes.Flip(frames[random.Next(frames.Count)].Hash, random.Next(1, 40), random),
                    _ => RandomHashes.Next(random),
                };
                frames.Add(new VpdqFeature(hash, f, quality, f * step));
            }

            bank.Add((random.Next(2) == 0 ? v : 1000 - v, frames));
        }

        return bank;
    }

    private static List<VpdqFeature> RandomUpload(List<(int Key, List<VpdqFeature> Video)> bank, Random random)
    {
        var frames = new List<VpdqFeature>();
        var length = random.Next(0, 40);
        for (var f = 0; f < length; f++)
        {
            var hash = random.Next(4) == 0 || bank.All(b => b.Video.Count == 0)
                ? RandomHashes.Next(random)
                : RandomHashes.Flip(RandomFrameOf(bank, random).Hash, random.Next(0, 45), random);
            var repeat = random.Next(8) == 0 ? 2 : 1;
            for (var r = 0; r < repeat; r++)
            {
                frames.Add(new VpdqFeature(hash, frames.Count, Qualities[random.Next(Qualities.Length)], frames.Count));
            }
        }

        return frames;
    }

    private static VpdqFeature RandomFrameOf(List<(int Key, List<VpdqFeature> Video)> bank, Random random)
    {
        var withFrames = bank.Where(b => b.Video.Count > 0).ToList();
        if (withFrames.Count == 0)
        {
            return new VpdqFeature(RandomHashes.Next(random), 0, 100, 0);
        }

        var video = withFrames[random.Next(withFrames.Count)].Video;
        return video[random.Next(video.Count)];
    }
}
