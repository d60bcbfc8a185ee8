using System.Collections.Concurrent;
using System.Globalization;

namespace Aegis.Hashing.Video;

/// <summary>
/// Whether an ffmpeg can take its filter graph on stdin (<c>-filter_script:v pipe:0</c>), which
/// lets it load its libraries and open the input while ffprobe reads the header, and so spares
/// the caller one process start (~60 ms, most of a short clip's decode time). ffmpeg reads the
/// script after opening its inputs and before decoding anything. <c>-filter_script</c> exists up
/// to ffmpeg 8 and was removed in 9; newer and unrecognised builds get the filter on the command
/// line, after the probe. Detected once per executable from <c>ffmpeg -version</c>.
/// </summary>
internal static class FfmpegFilterInput
{
    /// <summary>The first major version without <c>-filter_script</c>.</summary>
    private const int RemovedInMajor = 9;

    private static readonly ConcurrentDictionary<string, Task<bool>> Detected = new(StringComparer.Ordinal);

    /// <summary>True when <paramref name="ffmpeg"/> reads <c>-filter_script:v pipe:0</c>.</summary>
    public static async Task<bool> ReadsScriptFromStdinAsync(string ffmpeg)
    {
        var detecting = Detected.GetOrAdd(ffmpeg, DetectAsync);
        try
        {
            return await detecting;
        }
        catch
        {
            // Not cached: an ffmpeg installed later is found by the next call.
            Detected.TryRemove(new KeyValuePair<string, Task<bool>>(ffmpeg, detecting));
            throw;
        }
    }

    /// <summary>Records the answer for <paramref name="ffmpeg"/> without asking it (tests use it to take the other path).</summary>
    internal static void Assume(string ffmpeg, bool readsScriptFromStdin) => Detected[ffmpeg] = Task.FromResult(readsScriptFromStdin);

    /// <summary>Reads the major version from <c>ffmpeg -version</c>'s first line ("ffmpeg version 5.1.9-0+deb12u1", "n7.1", "N-1234-g…").</summary>
    internal static int? MajorVersion(string versionText)
    {
        const string Prefix = "ffmpeg version ";
        var start = versionText.IndexOf(Prefix, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var version = versionText.AsSpan(start + Prefix.Length).TrimStart('n');
        var digits = 0;
        while (digits < version.Length && char.IsAsciiDigit(version[digits]))
        {
            digits++;
        }

        return digits > 0 && digits < version.Length && version[digits] == '.' &&
               int.TryParse(version[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            ? major
            : null;
    }

    internal static bool HasFilterScript(string versionText) => MajorVersion(versionText) is { } major && major < RemovedInMajor;

    private static async Task<bool> DetectAsync(string ffmpeg)
    {
        using var process = FfmpegProcess.Start(ffmpeg, ["-hide_banner", "-version"]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var text = await new StreamReader(process.Output).ReadToEndAsync(timeout.Token);
        await process.WaitAsync(timeout.Token);
        return HasFilterScript(text);
    }
}
