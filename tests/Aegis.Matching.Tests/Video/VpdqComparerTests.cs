using Aegis.Hashing.Video;
using Aegis.Matching.Tests.Index;
using Aegis.Matching.Video;

namespace Aegis.Matching.Tests.Video;

public sealed class VpdqComparerTests
{
    private readonly Random _random = new(31);

    [Fact]
    public void A_video_matches_itself_completely()
    {
        var video = Videos.Random(25, _random);

        var result = VpdqComparer.Compare(video, video);

        Assert.Equal(new VpdqComparison(25, 25, 25, 25, 25, 25), result);
        Assert.Equal(100.0, result.QueryPercent);
        Assert.Equal(100.0, result.CandidatePercent);
    }

    [Fact]
    public void Half_of_a_video_is_all_query_and_half_candidate_and_the_reverse()
    {
        var video = Videos.Random(20, _random);
        var half = Videos.NearCopy(video.Take(10), 12, _random);

        var halfInFull = VpdqComparer.Compare(half, video);
        var fullInHalf = VpdqComparer.Compare(video, half);

        Assert.Equal((100.0, 50.0, 10), (halfInFull.QueryPercent, halfInFull.CandidatePercent, halfInFull.MatchedQueryFrames));
        Assert.Equal((50.0, 100.0, 10), (fullInHalf.QueryPercent, fullInHalf.CandidatePercent, fullInHalf.MatchedQueryFrames));
    }

    [Fact]
    public void Percentages_are_computed_as_the_reference_computes_them()
    {
        // python-threatexchange: len(matched) * 100 / len(features).
        var video = Videos.Random(3, _random);

        var result = VpdqComparer.Compare(video.Take(1).ToList(), video);

        Assert.Equal(100 / 3.0, result.CandidatePercent);
        Assert.Equal(33.333333333333336, result.CandidatePercent);
    }

    [Fact]
    public void Frames_below_quality_50_are_dropped_from_both_sides_and_50_is_kept()
    {
        var candidate = Videos.Random(10, _random);
        var query = candidate.Select((f, i) => f with { Quality = i < 5 ? 49 : 50 }).ToList();
        var lowCandidate = candidate.Select((f, i) => f with { Quality = i % 2 == 0 ? 10 : 100 }).ToList();

        var result = VpdqComparer.Compare(query, candidate);
        var both = VpdqComparer.Compare(query, lowCandidate);

        Assert.Equal(new VpdqComparison(5, 10, 5, 5, 10, 5), result);
        Assert.Equal((100.0, 50.0), (result.QueryPercent, result.CandidatePercent));
        // Query keeps frames 5..9, candidate keeps the odd ones: 5, 7, 9 are on both sides.
        Assert.Equal(new VpdqComparison(5, 5, 3, 3, 5, 3), both);
    }

    [Fact]
    public void Repeated_hashes_count_once_on_either_side()
    {
        var video = Videos.Random(8, _random);
        var stuttering = Videos.Concat(video, video, video.Take(4));
        var other = Videos.Random(2, _random);
        var withOther = Videos.Concat(stuttering, other, other);

        Assert.Equal(new VpdqComparison(8, 8, 8, 8, 8, 8), VpdqComparer.Compare(stuttering, video));
        Assert.Equal(new VpdqComparison(10, 8, 8, 8, 8, 8), VpdqComparer.Compare(withOther, video));
        Assert.Equal(80.0, VpdqComparer.Compare(withOther, video).QueryPercent);
    }

    [Fact]
    public void Repeats_are_by_exact_hash_so_near_duplicates_count_separately()
    {
        var video = Videos.Random(4, _random);
        var doubled = Videos.Concat(video, Videos.NearCopy(video, 1, _random));

        var result = VpdqComparer.Compare(doubled, video);

        Assert.Equal(new VpdqComparison(8, 4, 8, 4, 4, 4), result);
    }

    [Fact]
    public void A_repeated_hash_is_kept_when_any_of_its_frames_is_good_enough()
    {
        var frame = Videos.Random(1, _random)[0];
        var query = Videos.Concat([frame with { Quality = 10 }, frame with { Quality = 90 }]);

        Assert.Equal(new VpdqComparison(1, 1, 1, 1, 1, 1), VpdqComparer.Compare(query, [frame]));
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(30, true)]
    [InlineData(31, true)]
    [InlineData(32, false)]
    [InlineData(64, false)]
    public void Frames_within_distance_31_inclusive_match(int bits, bool matches)
    {
        var candidate = Videos.Random(1, _random);
        var query = Videos.NearCopy(candidate, bits, _random);

        var result = VpdqComparer.Compare(query, candidate);

        Assert.Equal(matches ? 100.0 : 0.0, result.QueryPercent);
        Assert.Equal(matches ? 100.0 : 0.0, result.CandidatePercent);
        Assert.Equal(matches ? 1 : 0, result.MatchedQueryFrames);
    }

    [Fact]
    public void Distance_and_quality_can_be_set()
    {
        var candidate = Videos.Random(4, _random, quality: 70);
        var query = Videos.NearCopy(candidate, 10, _random);

        Assert.Equal(0, VpdqComparer.Compare(query, candidate, frameDistance: 9).MatchedQueryFrames);
        Assert.Equal(4, VpdqComparer.Compare(query, candidate, frameDistance: 10).MatchedQueryFrames);
        Assert.Equal(new VpdqComparison(0, 0, 0, 0, 0, 0), VpdqComparer.Compare(query, candidate, minQuality: 71));
        var strict = new VideoMatchThresholds { FrameDistance = 9 };
        Assert.Equal(0, VpdqComparer.Compare(query, candidate, strict).MatchedQueryFrames);
    }

    [Fact]
    public void One_frame_may_match_several_and_each_side_counts_its_own_frames()
    {
        // Three candidate frames close to one query frame (and to each other).
        var center = RandomHashes.Next(_random);
        var candidate = Videos.Of([RandomHashes.Flip(center, 5, _random), RandomHashes.Flip(center, 6, _random), RandomHashes.Flip(center, 7, _random), RandomHashes.Next(_random)]);

        var result = VpdqComparer.Compare(Videos.Of([center]), candidate);

        Assert.Equal(new VpdqComparison(1, 4, 1, 3, 4, 3), result);
        Assert.Equal((100.0, 75.0), (result.QueryPercent, result.CandidatePercent));
    }

    [Fact]
    public void Coverage_counts_the_candidates_seconds_with_a_match()
    {
        // A candidate hashed at 4 frames a second for 6 s, every frame different; the query holds one frame of each of
        // its first 3 seconds, and one of them twice more in seconds 4 and 5 (a repeated picture).
        var hashes = Enumerable.Range(0, 24).Select(_ => RandomHashes.Next(_random)).ToList();
        var candidate = hashes.Select((h, i) => new VpdqFeature(h, i, 100, i * 0.25)).ToList();
        candidate[17] = candidate[17] with { Hash = hashes[5] };
        candidate[21] = candidate[21] with { Hash = hashes[5] };
        var query = Videos.Of([hashes[1], hashes[5], hashes[10]]);

        var result = VpdqComparer.Compare(query, candidate);

        Assert.Equal(new VpdqComparison(3, 22, 3, 3, 6, 5), result);
        Assert.Equal(300.0 / 22, result.CandidatePercent);
        Assert.Equal(500.0 / 6, result.CoveragePercent);
    }

    [Fact]
    public void An_empty_side_gives_zero_percent()
    {
        var video = Videos.Random(5, _random);
        var blank = Videos.Random(5, _random, quality: 0);

        Assert.Equal(new VpdqComparison(0, 5, 0, 0, 5, 0), VpdqComparer.Compare([], video));
        Assert.Equal((0.0, 0.0), (VpdqComparer.Compare(video, blank).QueryPercent, VpdqComparer.Compare(video, blank).CandidatePercent));
    }
}
