using System.Globalization;
using System.Text.Json;

namespace Aegis.Hashing.Video;

/// <summary>Reads a video's size, frame rate and duration with ffprobe, before anything is decoded.</summary>
internal static class VideoProbe
{
    public static async Task<VideoInfo> ProbeAsync(string path, VideoOptions options, CancellationToken cancellationToken)
    {
        using var probe = FfmpegProcess.Start(options.Ffprobe,
        [
            "-v", "error", "-select_streams", "v:0",
            "-show_entries", "stream=width,height,avg_frame_rate,r_frame_rate,nb_frames", "-show_entries", "format=duration",
            "-of", "json", path,
        ]);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        string json;
        try
        {
            json = await new StreamReader(probe.Output).ReadToEndAsync(timeout.Token);
            if (await probe.WaitAsync(timeout.Token) != 0)
            {
                throw new VideoHashException(VideoErrorKind.NotAVideo, $"Not a readable video: {Describe(probe.ErrorText)}");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new VideoHashException(VideoErrorKind.Timeout, "ffprobe did not finish within a minute; stopped.");
        }

        using var document = JsonDocument.Parse(json);
        var streams = document.RootElement.TryGetProperty("streams", out var s) ? s : default;
        if (streams.ValueKind != JsonValueKind.Array || streams.GetArrayLength() == 0)
        {
            throw new VideoHashException(VideoErrorKind.NotAVideo, "The file has no video stream (audio only, or not a video).");
        }

        var stream = streams[0];
        var width = stream.TryGetProperty("width", out var w) ? w.GetInt32() : 0;
        var height = stream.TryGetProperty("height", out var h) ? h.GetInt32() : 0;
        var rate = Rate(stream, "avg_frame_rate") ?? Rate(stream, "r_frame_rate") ?? 0;
        TimeSpan? duration = document.RootElement.TryGetProperty("format", out var format) &&
                             format.TryGetProperty("duration", out var d) &&
                             double.TryParse(d.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;
        if (width <= 0 || height <= 0 || rate <= 0)
        {
            throw new VideoHashException(VideoErrorKind.Corrupt, $"The video stream has no usable size or frame rate ({width}×{height}, {rate} fps).");
        }

        long? frames = stream.TryGetProperty("nb_frames", out var nb) && long.TryParse(nb.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : duration is { } length ? (long)Math.Round(length.TotalSeconds * rate) : null;
        return new VideoInfo(width, height, rate, duration, frames);
    }

    private static double? Rate(JsonElement stream, string name)
    {
        if (!stream.TryGetProperty(name, out var value) || value.GetString() is not { } text)
        {
            return null;
        }

        var parts = text.Split('/');
        return parts.Length == 2 &&
               double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var num) &&
               double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var den) && den > 0 && num > 0
            ? num / den
            : null;
    }

    internal static string Describe(string stderr) =>
        string.IsNullOrWhiteSpace(stderr) ? "ffmpeg gave no reason" : stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
}
