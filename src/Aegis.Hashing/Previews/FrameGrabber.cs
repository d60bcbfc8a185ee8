using System.Globalization;
using System.Text;
using Aegis.Hashing.Video;

namespace Aegis.Hashing.Previews;

/// <summary>
/// ffmpeg runs that hand over video frames as BMPs: each frame found by seeking (ffmpeg decodes from the key frame before
/// it), turned upright (ffmpeg's autorotation; the sample aspect ratio made square) and fitted into a long side. A strip's
/// frames come from one run with an input per frame, which spares a process start (~60 ms, more on a busy machine) per
/// frame; when that run cannot give one frame per time (the video ends early, its frame size changes midway), each is
/// asked for on its own. Audio is never decoded. Output past what was asked for is refused, not buffered.
/// </summary>
internal sealed class FrameGrabber(VideoOptions options)
{
    /// <summary>Bytes of a BMP header, and the row padding allowance, over a frame's pixels.</summary>
    private const int BmpOverhead = 1024;

    /// <summary>The frames at <paramref name="times"/>, in that order, from one ffmpeg run; null when it did not give one each.</summary>
    /// <exception cref="VideoHashException">ffmpeg is missing or took too long.</exception>
    public async Task<FrameBytes?> TogetherAsync(string path, IReadOnlyList<TimeSpan> times, int longSide, CancellationToken timeout, CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "-nostdin", "-hide_banner", "-v", "error" };
        var graph = new StringBuilder();
        for (var i = 0; i < times.Count; i++)
        {
            arguments.AddRange(["-ss", Seconds(times[i]), "-i", path]);
            graph.Append(CultureInfo.InvariantCulture, $"[{i}:v:0]trim=end_frame=1,setpts=PTS-STARTPTS,{Fit(longSide)}[f{i}];");
        }

        for (var i = 0; i < times.Count; i++)
        {
            graph.Append(CultureInfo.InvariantCulture, $"[f{i}]");
        }

        graph.Append(CultureInfo.InvariantCulture, $"concat=n={times.Count}:v=1:a=0[strip]");
        arguments.AddRange(["-filter_complex", graph.ToString(), "-map", "[strip]", "-fps_mode", "passthrough", "-c:v", "bmp", "-f", "image2pipe", "pipe:1"]);
        var (frames, exitCode, _) = await RunAsync(arguments, times.Count, longSide, timeout, cancellationToken);
        if (exitCode == 0 && frames.Count == times.Count)
        {
            return frames;
        }

        frames.Dispose();
        return null;
    }

    /// <summary>The frame at <paramref name="at"/>; null when the video ends before it.</summary>
    /// <exception cref="VideoHashException">ffmpeg failed, is missing or took too long.</exception>
    public async Task<FrameBytes?> OneAsync(string path, TimeSpan at, int longSide, CancellationToken timeout, CancellationToken cancellationToken)
    {
        var (frame, exitCode, error) = await RunAsync(
            [
                "-nostdin", "-hide_banner", "-v", "error", "-ss", Seconds(at), "-i", path,
                "-map", "0:v:0", "-an", "-sn", "-dn", "-frames:v", "1", "-vf", Fit(longSide), "-c:v", "bmp", "-f", "image2pipe", "pipe:1",
            ],
            1, longSide, timeout, cancellationToken);
        if (exitCode != 0 || frame.Count > 1)
        {
            frame.Dispose();
            throw new VideoHashException(VideoErrorKind.Corrupt, $"The video could not be decoded at {Seconds(at)} s: {VideoProbe.Describe(error)}");
        }

        if (frame.Count == 0)
        {
            frame.Dispose();
            return null;
        }

        return frame;
    }

    /// <summary>Seconds as ffmpeg reads them.</summary>
    internal static string Seconds(TimeSpan at) => at.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The frame made upright and square-pixelled, then fitted into <paramref name="longSide"/>.</summary>
    private static string Fit(int longSide) =>
        string.Create(CultureInfo.InvariantCulture, $"scale=iw*sar:ih,scale={longSide}:{longSide}:force_original_aspect_ratio=decrease:flags=area,setsar=1");

    /// <summary>
    /// Runs ffmpeg to its end, reading at most <paramref name="frames"/> BMPs of a frame fitted into
    /// <paramref name="longSide"/>; the frames read (split by their headers; none when ffmpeg failed), the exit code and
    /// stderr.
    /// </summary>
    private async Task<(FrameBytes Frames, int ExitCode, string Error)> RunAsync(
        IEnumerable<string> arguments, int frames, int longSide, CancellationToken timeout, CancellationToken cancellationToken)
    {
        using var ffmpeg = FfmpegProcess.Start(options.Ffmpeg, arguments);
        var frameBytes = (3 * longSide * longSide) + (3 * longSide) + BmpOverhead;
        var limit = frames * frameBytes;
        var buffer = new FrameBytes(limit + 1);
        try
        {
            var length = 0;
            int read;
            while ((read = await ffmpeg.Output.ReadAsync(buffer.Memory[length..], timeout)) > 0)
            {
                length += read;
                if (length > limit)
                {
                    throw new VideoHashException(VideoErrorKind.Corrupt, "ffmpeg gave more than the frames asked for.");
                }
            }

            var exitCode = await ffmpeg.WaitAsync(timeout);
            if (!buffer.Split(exitCode == 0 ? length : 0, frameBytes))
            {
                throw new VideoHashException(VideoErrorKind.Corrupt, "ffmpeg's output is not whole frames.");
            }

            return (buffer, exitCode, ffmpeg.ErrorText);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            buffer.Dispose();
            throw new VideoHashException(VideoErrorKind.Timeout, $"ffmpeg did not finish within {options.Timeout.TotalSeconds:N0} s; stopped.");
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }
}
