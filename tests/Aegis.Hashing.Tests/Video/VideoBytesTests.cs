using Aegis.Hashing.Video;

namespace Aegis.Hashing.Tests.Video;

/// <summary>Videos hashed from memory (uploads): the same frames as from their file, read by ffmpeg from a memory file.</summary>
[Collection(FfmpegCollection.Name)]
public sealed class VideoBytesTests
{
    [Fact]
    public async Task Bytes_hash_like_their_file()
    {
        var path = VpdqVectorTests.VideoPath("chair-19-sd-bar");
        var hasher = new VideoHasher();

        var fromFile = await hasher.HashFileAsync(path);
        var fromBytes = await hasher.HashBytesAsync(await File.ReadAllBytesAsync(path));

        Assert.Equal(fromFile.Features, fromBytes.Features);
        Assert.Equal(fromFile.Digests, fromBytes.Digests);
    }

    [Fact]
    public void The_bytes_live_in_a_memory_file_that_is_gone_when_disposed()
    {
        string path;
        using (var file = VideoBytesFile.Create("not really a video"u8))
        {
            path = file.Path;
            Assert.True(file.InMemory);
            Assert.StartsWith($"/proc/{Environment.ProcessId}/fd/", path, StringComparison.Ordinal);
            Assert.Equal("not really a video"u8.ToArray(), File.ReadAllBytes(path));
        }

        Assert.False(File.Exists(path) && File.ReadAllBytes(path).SequenceEqual("not really a video"u8.ToArray()));
    }

    [Fact]
    public async Task Errors_about_bytes_do_not_name_where_ffmpeg_read_them()
    {
        var bytes = (await File.ReadAllBytesAsync(VpdqVectorTests.VideoPath("chair-19-sd-bar")))[..20_000];

        var error = await Assert.ThrowsAsync<VideoHashException>(() => new VideoHasher().HashBytesAsync(bytes));

        Assert.DoesNotContain("/proc/", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("aegis-video", error.Message, StringComparison.Ordinal);
    }
}
