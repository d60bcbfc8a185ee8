using System.Globalization;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Tests.Support;
using Aegis.Hashing.Video;

namespace Aegis.Hashing.Tests.Video;

/// <summary>
/// vPDQ through the real ffmpeg against the reference outputs, checked the way the reference checks
/// a re-implementation: same frame count and frame numbers, and every frame pair whose qualities are
/// both at least 50 within distance below 31 (decoders differ slightly between ffmpeg builds).
/// </summary>
[Collection(FfmpegCollection.Name)]
public sealed class VpdqVectorTests
{
    /// <summary>The reference's own tolerance for a re-implementation (vpdq/python/tests, regtest.py).</summary>
    private const int FrameTolerance = 31;

    public static TheoryData<string, string, int> Vectors() => new()
    {
        { "chair-19-sd-bar", "", 0 },
        { "chair-19-sd-bar", "-128x128", 128 },
        { "doorknob-hd-no-bar", "", 0 },
        { "doorknob-hd-no-bar", "-128x128", 128 },
        { "pattern-hd-no-bar", "", 0 },
        { "pattern-hd-no-bar", "-128x128", 128 },
        { "pattern-sd-grey-bar", "", 0 },
        { "pattern-sd-grey-bar", "-128x128", 128 },
        { "pattern-sd-with-small-logo-bar", "", 0 },
        { "pattern-sd-with-small-logo-bar", "-128x128", 128 },
        { "test-padded-dimensions", "", 0 },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task Every_frame_matches_the_reference_within_its_tolerance(string video, string suffix, int size)
    {
        var expected = ReadExpected(Path.Combine(TestData.Root, "video", "vpdq", "sample-hashes", $"{video}{suffix}.txt"));
        var hasher = new VideoHasher(new VideoOptions { SecondsPerHash = 0, DownsampleWidth = size, DownsampleHeight = size });

        var actual = (await hasher.HashFileAsync(VideoPath(video))).Features;

        Assert.Equal(expected.Select(f => f.FrameNumber), actual.Select(f => f.FrameNumber));
        var compared = 0;
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Timestamp, Math.Round(actual[i].Timestamp, 3), 3);
            if (expected[i].Quality >= 50 && actual[i].Quality >= 50)
            {
                compared++;
                var distance = expected[i].Hash.DistanceTo(actual[i].Hash);
                Assert.True(distance < FrameTolerance, $"{video}{suffix} frame {i}: distance {distance}");
            }
        }

        Assert.True(compared > 0);
    }

    [Fact]
    public async Task The_file_md5_is_the_reference_one()
    {
        var hashes = await new VideoHasher().HashFileAsync(VideoPath("chair-19-sd-bar"));

        Assert.Equal("0a21c8f85a55a9e276ffc2c53f6887c4", hashes.Digests.Md5.ToString());
    }

    [Fact]
    public async Task One_frame_a_second_takes_every_fps_th_frame()
    {
        var hashes = await new VideoHasher(new VideoOptions { SecondsPerHash = 1 }).HashFileAsync(VideoPath("chair-19-sd-bar"));

        Assert.Equal(30.0, hashes.Info.FrameRate, 3);
        Assert.Equal(Enumerable.Range(0, 19).Select(i => i * 30), hashes.Features.Select(f => f.FrameNumber));
        Assert.Equal(1.0, hashes.Features[1].Timestamp, 3);
    }

    internal static string VideoPath(string name) => Path.Combine(TestData.Root, "video", "tmk", "sample-videos", $"{name}.mp4");

    private static List<VpdqFeature> ReadExpected(string path) =>
        File.ReadAllLines(path).Where(l => l.Length > 0).Select(line =>
        {
            var parts = line.Split(',');
            return new VpdqFeature(PdqHash.Parse(parts[2]), int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[3], CultureInfo.InvariantCulture));
        }).ToList();
}
