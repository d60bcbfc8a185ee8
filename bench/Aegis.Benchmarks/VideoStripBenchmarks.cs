using System.Diagnostics;
using Aegis.Hashing.Previews;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Aegis.Benchmarks;

/// <summary>
/// The review console's strip of a ~50 MB video already in memory, as the server draws it: 6 frames of 320 pixels,
/// blurred σ 32, grey (ffprobe, then one seeking ffmpeg run per frame, each decoding from the key frame before its time).
/// Two benign 720p test patterns with noise (so they do not compress away), 30 fps, 20 s, x264 at 20 Mbit/s: one with a
/// key frame a second (as phones record), one with x264's default interval of 250 frames (8.3 s: the worst case for
/// seeking, every frame decodes up to 8 s of video); against ffmpeg decoding the whole file on the machine at the same
/// time (the VM is shared, so the ratio is the figure to read). Whole calls, each measured as it runs (no batching), in the
/// benchmark's own process (a call takes seconds: nothing to gain from a separately built one).
/// </summary>
[Config(typeof(Monitoring))]
[MemoryDiagnoser]
public class VideoStripBenchmarks
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "aegis-bench-previews");
    private static readonly PreviewOptions StripOptions = PreviewOptions.Default with { MaxLongSide = 320 };

    private readonly VideoPreviewer _previewer = new();
    private string _path = "";
    private byte[] _video = [];

    /// <summary>Frames between key frames.</summary>
    [Params(30, 250)]
    public int KeyFrameInterval { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, $"noise-720p-20s-g{KeyFrameInterval}.mp4");
        if (!File.Exists(path))
        {
            Run("ffmpeg",
            [
                "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30,noise=alls=12:allf=t:all_seed=5",
                "-t", "20", "-c:v", "libx264", "-preset", "ultrafast", "-g", KeyFrameInterval.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "-b:v", "20M", "-maxrate", "20M", "-bufsize", "40M", "-pix_fmt", "yuv420p", path,
            ]);
        }

        _path = path;
        _video = File.ReadAllBytes(path);
        Console.WriteLine($"// {path}: {_video.Length:N0} bytes");
    }

    /// <summary>What decoding the whole video costs on this machine now: the scale the strip is read against.</summary>
    [Benchmark(Baseline = true, Description = "ffmpeg decodes the whole video (-f null), for scale")]
    public int DecodeWhole()
    {
        Run("ffmpeg", ["-nostdin", "-v", "error", "-i", _path, "-map", "0:v:0", "-f", "null", "-"]);
        return 0;
    }

    [Benchmark(Description = "strip of 6 frames, 320 px, blurred, grey")]
    public int Strip() => _previewer.StripAsync(_video, StripOptions).GetAwaiter().GetResult().Jpeg.Length;

    /// <summary>One warm-up call, then 7 measured, in process.</summary>
    private sealed class Monitoring : ManualConfig
    {
        public Monitoring() => AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithWarmupCount(1).WithIterationCount(7).WithToolchain(InProcessEmitToolchain.Instance));
    }

    private static void Run(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed: {error}");
        }
    }
}
