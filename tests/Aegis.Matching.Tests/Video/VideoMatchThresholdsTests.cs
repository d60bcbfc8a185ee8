using Aegis.Matching.Video;

namespace Aegis.Matching.Tests.Video;

public sealed class VideoMatchThresholdsTests
{
    [Fact]
    public void Defaults_are_the_references_plus_containment_and_segment()
    {
        var t = VideoMatchThresholds.Default;

        Assert.Equal((80.0, 0.0, 80.0, 5, 31, 50), (t.QueryPercent, t.CandidatePercent, t.ContainmentPercent, t.SegmentFrames, t.FrameDistance, t.MinQuality));
    }

    [Theory]
    [InlineData(10, 10, 8, 10, VideoMatchRule.Reference)] // 80% / 100%
    [InlineData(10, 10, 7, 7, VideoMatchRule.Segment)] // 70% / 70%
    [InlineData(100, 10, 8, 8, VideoMatchRule.Containment)] // 8% / 80%
    [InlineData(100, 10, 9, 10, VideoMatchRule.Containment)] // 9% / 100%
    [InlineData(100, 50, 5, 5, VideoMatchRule.Segment)] // 5% / 10%, 5 frames
    [InlineData(100, 50, 4, 4, null)] // 4% / 8%, 4 frames
    [InlineData(4, 50, 4, 4, VideoMatchRule.Reference)] // a short upload inside a long video
    [InlineData(10, 10, 0, 0, null)]
    public void The_first_rule_that_holds_wins(int queryFrames, int candidateFrames, int matchedQuery, int matchedCandidate, VideoMatchRule? expected)
    {
        // One candidate frame a second, so coverage is the candidate percentage.
        var comparison = new VpdqComparison(queryFrames, candidateFrames, matchedQuery, matchedCandidate, candidateFrames, matchedCandidate);

        Assert.Equal(expected, VideoMatchThresholds.Default.Evaluate(comparison));
    }

    [Fact]
    public void Thresholds_of_zero_still_need_a_matching_frame()
    {
        var any = new VideoMatchThresholds { QueryPercent = 0, CandidatePercent = 0, ContainmentPercent = 0 };

        Assert.Null(any.Evaluate(new VpdqComparison(10, 10, 0, 0, 10, 0)));
        Assert.Equal(VideoMatchRule.Reference, any.Evaluate(new VpdqComparison(10, 10, 1, 1)));
    }

    [Fact]
    public void Containment_counts_seconds_of_the_known_video_not_its_frames()
    {
        // A known video hashed at 30 frames a second for 10 s; the upload, at 1 frame a second, hits one frame in
        // each of its seconds: 10 of 300 frames (3%), but all 10 seconds.
        var comparison = new VpdqComparison(100, 300, 10, 10, 10, 10);

        Assert.Equal((10.0 / 3, 100.0), (comparison.CandidatePercent, comparison.CoveragePercent));
        Assert.Equal(VideoMatchRule.Containment, VideoMatchThresholds.Default.Evaluate(comparison));
        Assert.Equal(VideoMatchRule.Segment, VideoMatchThresholds.Default.Evaluate(comparison with { MatchedCandidateSeconds = 7 }));
    }

    [Fact]
    public void A_rule_can_be_turned_off()
    {
        var noContainment = VideoMatchThresholds.Default with { ContainmentPercent = 101, SegmentFrames = int.MaxValue };

        Assert.Null(noContainment.Evaluate(new VpdqComparison(100, 10, 10, 10, 10, 10)));
    }

    [Fact]
    public void Out_of_range_values_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new VideoMatchThresholds { QueryPercent = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new VideoMatchThresholds { CandidatePercent = double.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => new VideoMatchThresholds { SegmentFrames = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new VideoMatchThresholds { FrameDistance = 257 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new VideoMatchThresholds { MinQuality = 101 });
    }
}
