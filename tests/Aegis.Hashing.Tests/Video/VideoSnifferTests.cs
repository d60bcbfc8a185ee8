using Aegis.Hashing.Tests.Support;
using Aegis.Hashing.Video;

namespace Aegis.Hashing.Tests.Video;

public sealed class VideoSnifferTests
{
    [Fact]
    public void Sample_videos_are_recognised_and_images_are_not()
    {
        var mp4 = File.ReadAllBytes(VpdqVectorTests.VideoPath("chair-19-sd-bar"))[..VideoSniffer.HeaderLength];
        var jpeg = File.ReadAllBytes(TestData.Pdq("pdq/data/misc-images/wee.jpg"))[..VideoSniffer.HeaderLength];
        var png = File.ReadAllBytes(TestData.Pdq("pdq/data/misc-images/c.png"))[..VideoSniffer.HeaderLength];

        Assert.True(VideoSniffer.LooksLikeVideo(mp4));
        Assert.False(VideoSniffer.LooksLikeVideo(jpeg));
        Assert.False(VideoSniffer.LooksLikeVideo(png));
    }

    [Fact]
    public void Container_signatures_are_recognised()
    {
        Assert.True(VideoSniffer.LooksLikeVideo([0x1A, 0x45, 0xDF, 0xA3, 0x01]));
        Assert.True(VideoSniffer.LooksLikeVideo("RIFF\0\0\0\0AVI "u8));
        Assert.True(VideoSniffer.LooksLikeVideo("FLV\x01"u8));
        var ts = new byte[189];
        ts[0] = ts[188] = 0x47;
        Assert.True(VideoSniffer.LooksLikeVideo(ts));
        var gif = new byte[189];
        "GIF89a"u8.CopyTo(gif);
        gif[188] = 0x47;
        Assert.False(VideoSniffer.LooksLikeVideo(gif));
        Assert.False(VideoSniffer.LooksLikeVideo("RIFF\0\0\0\0WEBP"u8));
        Assert.False(VideoSniffer.LooksLikeVideo([]));
    }
}
