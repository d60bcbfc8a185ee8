using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video;
using Aegis.Hashing.Video.Formats;
using Aegis.Matching.Banks;
using Aegis.Matching.Matching;
using Aegis.Matching.Tests.Index;
using Aegis.Matching.Tests.Video;

namespace Aegis.Matching.Tests.Matching;

/// <summary>Pictures against video frames, both ways (issue 13): a video's frames against image entries, an image against video entries' frames.</summary>
public sealed class BankMatcherFrameTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);
    private static readonly EntrySource Source = new("test-list", null, null, Now, "test");
    private readonly Random _random = new(13);

    [Fact]
    public void A_videos_frames_are_looked_up_among_image_entries_within_each_banks_threshold()
    {
        // Given a video whose frame 6 (6 s) is a known picture, 15 bits away, banked in a loose and a strict bank
        var video = Videos.Random(10, _random);
        var picture = RandomHashes.Flip(video[6].Hash, 15, _random);
        var matcher = BankMatcher.Build(
            [BankNamed("loose"), BankNamed("strict", threshold: 10)],
            [Entry(1, "loose", picture), Entry(2, "strict", picture)]);

        // When the video is matched across media, and as before (vPDQ only)
        var across = matcher.MatchVideo(video, acrossMedia: true);
        var videoOnly = matcher.MatchVideo(video);

        // Then the loose bank's image entry matches frame 6 at 6 s and blocks; the strict one does not
        var match = Assert.Single(across.Effective);
        Assert.Equal(("loose", 1L, SignalType.Pdq, 15, BankAction.Block), (match.Bank, match.EntryId, match.Type, match.Distance, match.Action));
        Assert.Equal((6, 6.0), (match.Frame, match.Timestamp));
        Assert.Null(match.Video);
        Assert.Empty(videoOnly.Matches);
    }

    [Fact]
    public void A_picture_repeated_in_a_video_is_reported_at_its_nearest_then_earliest_frame_and_blank_frames_are_not_matched()
    {
        var picture = RandomHashes.Next(_random);
        var video = Videos.Random(12, _random);
        video[3] = video[3] with { Hash = RandomHashes.Flip(picture, 20, _random) };
        video[5] = video[5] with { Hash = RandomHashes.Flip(picture, 4, _random) };
        video[9] = video[9] with { Hash = RandomHashes.Flip(picture, 4, _random) };
        var blank = RandomHashes.Next(_random);
        video[7] = video[7] with { Hash = blank, Quality = 10 };
        var matcher = BankMatcher.Build([BankNamed("pictures")], [Entry(1, "pictures", picture), Entry(2, "pictures", blank)]);

        var matches = matcher.MatchVideo(video, acrossMedia: true).Effective.ToList();

        var match = Assert.Single(matches);
        Assert.Equal((1L, 4, 5, 5.0), (match.EntryId, match.Distance, match.Frame, match.Timestamp));
    }

    [Fact]
    public void An_image_is_looked_up_among_the_frames_of_video_entries_with_the_frame_and_its_time()
    {
        // Given a banked video (hold bank) and a still of its frame 12, 9 bits away
        var known = Videos.Random(20, _random);
        var entry = VideoEntry(5, "videos", known);
        var matcher = BankMatcher.Build([BankNamed("videos", action: BankAction.Hold), BankNamed("strict", threshold: 5)], [entry]);
        matcher.Add(VideoEntry(6, "strict", known));
        var still = RandomHashes.Flip(known[12].Hash, 9, _random);

        // When the still is matched across media, and as before (PDQ only)
        var across = matcher.Match(still, acrossMedia: true);
        var imageOnly = matcher.Match(still);

        // Then the video entry matches at frame 12 (12 s) with the bank's action; the strict bank's threshold excludes it
        var match = Assert.Single(across.Effective);
        Assert.Equal(("videos", 5L, SignalType.Vpdq, 9, BankAction.Hold), (match.Bank, match.EntryId, match.Type, match.Distance, match.Action));
        Assert.Equal((12, 12.0), (match.Frame, match.Timestamp));
        Assert.Empty(imageOnly.Matches);

        // And a removed video's frames are no longer found
        matcher.Remove(entry);
        Assert.Empty(matcher.Match(still, acrossMedia: true).Effective);
    }

    [Fact]
    public void A_negative_image_entry_cancels_only_the_frame_it_matches_never_the_whole_video()
    {
        // Given a video banked whole, two pictures banked that appear at frames 2 and 5, and frame 2 also in a negative bank
        var video = Videos.Random(10, _random);
        var matcher = BankMatcher.Build(
            [BankNamed("listed"), BankNamed("benign", kind: BankKind.Negative)],
            [
                Entry(1, "listed", RandomHashes.Flip(video[2].Hash, 3, _random)),
                Entry(2, "listed", RandomHashes.Flip(video[5].Hash, 3, _random)),
                Entry(3, "benign", video[2].Hash),
            ]);
        matcher.Add(VideoEntry(4, "listed", video));

        // When the video is uploaded
        var result = matcher.MatchVideo(video, acrossMedia: true);

        // Then frame 2's listed picture is cancelled and reported; frame 5's picture and the whole video still count
        Assert.Equal([2L, 4L], result.Effective.Select(m => m.EntryId).Order());
        Assert.Equal([1L], result.Suppressed.Select(m => m.EntryId));
        var negative = Assert.Single(result.Matches, m => m.Kind == BankKind.Negative);
        Assert.Equal((3L, 2), (negative.EntryId, negative.Frame));
    }

    [Fact]
    public void A_still_of_a_negative_banks_video_cancels_the_images_perceptual_matches_as_a_negative_picture_would()
    {
        var benignVideo = Videos.Random(8, _random);
        var still = benignVideo[4].Hash;
        var matcher = BankMatcher.Build(
            [BankNamed("listed"), BankNamed("benign", kind: BankKind.Negative)],
            [Entry(1, "listed", RandomHashes.Flip(still, 6, _random))]);
        matcher.Add(VideoEntry(2, "benign", benignVideo));

        var result = matcher.Match(still, acrossMedia: true);

        Assert.Empty(result.Effective);
        Assert.Equal([1L], result.Suppressed.Select(m => m.EntryId));
        Assert.Equal((2L, 4), (Assert.Single(result.Matches).EntryId, result.Matches[0].Frame));
    }

    private static BankEntry VideoEntry(long id, string bank, List<VpdqFeature> features) =>
        new(id, bank, SignalType.Vpdq, VpdqSignal.SerializeCanonical(features), Source, Enabled: true);

    private static Bank BankNamed(string name, int threshold = Bank.DefaultPdqThreshold, BankAction action = BankAction.Block, BankKind kind = BankKind.Ordinary) =>
        new(name, threshold, action, kind, Enabled: true, null, Now);

    private static BankEntry Entry(long id, string bank, PdqHash hash) =>
        new(id, bank, SignalType.Pdq, hash.ToString(), Source, Enabled: true);
}
