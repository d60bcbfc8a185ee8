using System.Diagnostics;
using Aegis.Hashing.Video;

namespace Aegis.Benchmarks;

/// <summary>
/// Seconds of video hashed per second of wall time, at one frame a second and at every frame, next
/// to ffmpeg's own decode-only time on the same file in the same run (<c>ffmpeg -i FILE -f null -</c>),
/// the median of 5 interleaved rounds after a warm-up.
/// Usage: Aegis.Benchmarks video FILE...
/// </summary>
internal static class VideoComparison
{
    private const int Rounds = 5;

    public static async Task<int> RunAsync(string[] files)
    {
        Console.WriteLine("| video | duration | ffmpeg decode only | vPDQ 1 frame/s | ratio | vPDQ every frame | ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var file in files)
        {
            var perSecond = new VideoHasher(new VideoOptions { SecondsPerHash = 1 });
            var everyFrame = new VideoHasher(new VideoOptions { SecondsPerHash = 0 });
            var info = (await perSecond.HashFileAsync(file)).Info;
            var seconds = info.Duration?.TotalSeconds ?? double.NaN;
            // Interleaved rounds, so that a slow spell of this shared machine falls on all three alike.
            var (decode, one, all) = await MediansAsync(
                () => DecodeOnlyAsync(file), () => perSecond.HashFileAsync(file), () => everyFrame.HashFileAsync(file));
            Console.WriteLine(
                $"| {Path.GetFileName(file)} ({info.Width}×{info.Height}) | {seconds:F1} s | {seconds / decode:F1}× realtime ({decode:F2} s) | {seconds / one:F1}× ({one:F2} s) | {one / decode:F2} | {seconds / all:F1}× ({all:F2} s) | {all / decode:F2} |");
        }

        return 0;
    }

    private static async Task DecodeOnlyAsync(string file)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var a in new[] { "-nostdin", "-v", "error", "-noautorotate", "-i", file, "-map", "0:v:0", "-f", "null", "-" })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
    }

    private static async Task<(double, double, double)> MediansAsync(Func<Task> a, Func<Task> b, Func<Task> c)
    {
        Func<Task>[] runs = [a, b, c];
        var times = new List<double>[] { [], [], [] };
        foreach (var run in runs)
        {
            await run(); // warm-up
        }

        for (var round = 0; round < Rounds; round++)
        {
            for (var i = 0; i < runs.Length; i++)
            {
                var watch = Stopwatch.StartNew();
                await runs[i]();
                times[i].Add(watch.Elapsed.TotalSeconds);
            }
        }

        double Median(List<double> t) => t.Order().ElementAt(Rounds / 2);
        return (Median(times[0]), Median(times[1]), Median(times[2]));
    }
}
