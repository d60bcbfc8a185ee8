using Aegis.Fuzz.Tests.Support;
using Aegis.Hashing.Video;
using Xunit.Abstractions;

namespace Aegis.Fuzz.Tests;

/// <summary>
/// Mutated tiny videos (MP4, WebM, AVI, MPEG-TS) through the whole video hasher: the sniffer's verdict aside, ffprobe's
/// answer is parsed, the limits checked, ffmpeg's frames read and hashed. ffmpeg itself is not what is fuzzed (each
/// case runs two processes, so a run gets tens of cases, not thousands): what is, is how Aegis reads what ffprobe and
/// ffmpeg say about a damaged file. The only failure allowed is <see cref="VideoHashException"/>.
/// </summary>
public sealed class VideoFuzzTests(ITestOutputHelper output)
{
    /// <summary>ffmpeg's own bound per case; a damaged two-second 48×32 video that takes longer is a finding.</summary>
    private static readonly VideoHasher Hasher = new(new VideoOptions { Timeout = TimeSpan.FromMinutes(1) });

    [Fact]
    public async Task Mutated_videos_hash_or_are_refused()
    {
        // The seeds hash: ffmpeg is there, so the refusals below are the files', not a missing tool's.
        foreach (var seed in Seeds.Videos)
        {
            Assert.NotEmpty((await Hasher.HashBytesAsync(seed)).Features);
        }

        await Fuzzer.RunAsync(output, new AsyncFuzzTarget<byte[]>
        {
            Name = "video-hasher",
            Gen = Mutation.Of(Seeds.Videos, maxEdits: 4),
            Body = async bytes =>
            {
                var hashes = await Hasher.HashBytesAsync(bytes);
                if (hashes.Features.Count == 0 || hashes.Features.Any(f => f.Quality is < 0 or > 100 || !double.IsFinite(f.Timestamp) || f.Timestamp < 0))
                {
                    throw new FuzzFindingException($"Hashed to {hashes.Features.Count} features, some out of range.");
                }
            },
            IsDocumented = e => e is VideoHashException { Kind: not VideoErrorKind.FfmpegMissing and not VideoErrorKind.Timeout },
            Serialize = bytes => bytes,
            Concurrency = 2,
        });
    }
}
