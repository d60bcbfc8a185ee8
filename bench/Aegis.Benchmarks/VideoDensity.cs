using System.Diagnostics;
using System.Globalization;
using Aegis.Hashing.Video;
using Aegis.Matching.Video;

namespace Aegis.Benchmarks;

/// <summary>
/// How densely to hash a bank video. For each source video, builds 5-second clips cut at offsets that are not whole
/// seconds and a full re-encode (ffmpeg, libx264), hashes them at one frame a second as an upload would be, and matches
/// them against the source hashed at 1 and 2 frames a second, at every frame, and at every frame folded at several
/// distances. Reports the bank's frame entries, the clips' query % (mean and lowest) and the re-encode's coverage.
/// Usage: Aegis.Benchmarks video-density FILE... (use "mandelbrot" or "life" for ffmpeg-generated 30 s sources).
/// </summary>
internal static class VideoDensity
{
    private static readonly double[] ClipOffsets = [0.13, 0.4, 0.5, 0.77, 3.4, 6.9];

    public static async Task<int> RunAsync(string[] sources)
    {
        var work = Directory.CreateTempSubdirectory("aegis-density-").FullName;
        try
        {
            Console.WriteLine("| source | bank hashed at | frame entries | clip query % (mean) | clip query % (lowest) | clips matched | re-encode query % | re-encode coverage % | re-encode candidate % |");
            Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var source in sources)
            {
                await RunOneAsync(await SourceAsync(source, work), work);
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        return 0;
    }

    private static async Task RunOneAsync(string source, string work)
    {
        var upload = new VideoHasher(new VideoOptions { SecondsPerHash = 1 });
        var clips = new List<IReadOnlyList<VpdqFeature>>();
        foreach (var offset in ClipOffsets)
        {
            var clip = Path.Combine(work, string.Create(CultureInfo.InvariantCulture, $"clip-{offset}.mp4"));
            await FfmpegAsync("-ss", offset.ToString(CultureInfo.InvariantCulture), "-i", source, "-t", "5", "-c:v", "libx264", clip);
            clips.Add((await upload.HashFileAsync(clip)).Features);
        }

        var reencode = Path.Combine(work, "reencode.mp4");
        await FfmpegAsync("-i", source, "-c:v", "libx264", "-crf", "30", reencode);
        var full = (await upload.HashFileAsync(reencode)).Features;

        var every = (await new VideoHasher(new VideoOptions { SecondsPerHash = 0 }).HashFileAsync(source)).Features;
        var banks = new List<(string Name, IReadOnlyList<VpdqFeature> Features)>
        {
            ("1 frame/s", (await upload.HashFileAsync(source)).Features),
            ("2 frames/s", (await new VideoHasher(new VideoOptions { SecondsPerHash = 0.5 }).HashFileAsync(source)).Features),
            ("every frame", every),
        };
        foreach (var distance in new[] { 4, 8, 16, 31 })
        {
            banks.Add(($"every frame, folded at {distance}", VpdqFolder.Fold(every, distance)));
        }

        foreach (var (name, features) in banks)
        {
            var index = new VideoIndex();
            index.Add(1, features);
            var clipResults = clips.Select(c => index.Search(c).Select(v => v.Comparison).SingleOrDefault()).ToList();
            var matched = clips.Count(c => index.Match(c).Count > 0);
            var whole = index.Search(full).Select(v => v.Comparison).SingleOrDefault();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {Path.GetFileName(source)} | {name} | {index.FrameCount:N0} | {clipResults.Average(c => c.QueryPercent):F0} | {clipResults.Min(c => c.QueryPercent):F0} | {matched}/{clips.Count} | {whole.QueryPercent:F0} | {whole.CoveragePercent:F0} | {whole.CandidatePercent:F0} |"));
        }
    }

    private static async Task<string> SourceAsync(string source, string work)
    {
        if (source is not ("mandelbrot" or "life"))
        {
            return source;
        }

        var path = Path.Combine(work, source + ".mp4");
        var filter = source == "mandelbrot" ? "mandelbrot=size=640x480:rate=30" : "life=size=320x240:rate=30:mold=10:ratio=0.2:death_color=#00ff00,scale=640:480";
        await FfmpegAsync("-f", "lavfi", "-i", filter, "-t", "30", "-pix_fmt", "yuv420p", path);
        return path;
    }

    private static async Task FfmpegAsync(params string[] args)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true };
        foreach (var a in new[] { "-nostdin", "-v", "error", "-y" }.Concat(args))
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg {string.Join(' ', args)} failed: {error}");
        }
    }
}
