using System.Diagnostics;
using Aegis.Hashing.Files;
using Aegis.Hashing.Imaging;
using SkiaSharp;

namespace Aegis.Benchmarks;

/// <summary>
/// Whole-process comparison: over a folder of 1-megapixel JPEGs, time (1) reading and decoding
/// only, (2) reading, decoding and hashing (PDQ + MD5 + SHA-256) in the same harness, and (3) the
/// real <c>aegis hash</c> process with its output to /dev/null. All use every core.
/// Usage: Aegis.Benchmarks folder DIR [COUNT] [AEGIS_DLL]
/// </summary>
internal static class FolderComparison
{
    private const int Rounds = 5;

    public static int Run(string[] args)
    {
        var folder = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "aegis-bench-1mp");
        var count = args.Length > 1 ? int.Parse(args[1]) : 1000;
        var aegis = args.Length > 2 ? args[2] : Path.GetFullPath("src/Aegis.Cli/bin/Release/net10.0/aegis.dll");
        var files = EnsureJpegs(folder, count);
        Console.WriteLine($"{files.Length} JPEGs of 1000×1000 in {folder}, {Environment.ProcessorCount} cores, {Rounds} rounds (median)");

        var decode = Median(() => Time(() => DecodeOnly(files)));
        var hash = Median(() => Time(() => HashInProcess(files)));
        var process = File.Exists(aegis) ? Median(() => Time(() => RunAegis(aegis, folder))) : double.NaN;

        Console.WriteLine($"| what | wall s | images/s | vs decode only |");
        Console.WriteLine($"|---|---:|---:|---:|");
        Row("read + decode only (SkiaSharp)", decode, files.Length, decode);
        Row("read + decode + PDQ + MD5 + SHA-256 (same harness)", hash, files.Length, decode);
        Row("`aegis hash DIR > /dev/null` (whole process)", process, files.Length, decode);
        return 0;
    }

    private static void Row(string what, double seconds, int files, double baseline) =>
        Console.WriteLine($"| {what} | {seconds:F2} | {files / seconds:F0} | {(seconds / baseline - 1) * 100:+0;-0}% |");

    private static void DecodeOnly(string[] files)
    {
        var decoder = new ImageDecoder();
        Parallel.ForEach(files, file =>
        {
            using var image = decoder.Decode(File.ReadAllBytes(file));
        });
    }

    private static void HashInProcess(string[] files) =>
        Parallel.ForEach(files, () => new ImageFileHasher(), (file, _, hasher) =>
        {
            hasher.HashFile(file);
            return hasher;
        }, _ => { });

    private static void RunAegis(string aegis, string folder)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(aegis);
        start.ArgumentList.Add("hash");
        start.ArgumentList.Add(folder);
        using var process = Process.Start(start)!;
        process.StandardOutput.BaseStream.CopyTo(Stream.Null);
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"aegis hash exited with {process.ExitCode}: {process.StandardError.ReadToEnd()}");
        }
    }

    private static double Time(Action action)
    {
        var stopwatch = Stopwatch.StartNew();
        action();
        return stopwatch.Elapsed.TotalSeconds;
    }

    private static double Median(Func<double> measure)
    {
        measure(); // warm-up (JIT, page cache)
        var times = Enumerable.Range(0, Rounds).Select(_ => measure()).Order().ToArray();
        return times[Rounds / 2];
    }

    /// <summary>Benign stand-ins: 1000×1000 crops of the sample bridge photo, shifted and re-toned, JPEG quality 90.</summary>
    internal static string[] EnsureJpegs(string folder, int count)
    {
        Directory.CreateDirectory(folder);
        var existing = Directory.GetFiles(folder, "*.jpg");
        if (existing.Length == count)
        {
            return existing;
        }

        foreach (var old in existing)
        {
            File.Delete(old);
        }

        using var source = SKBitmap.Decode(FindSample());
        Parallel.For(0, count, i =>
        {
            var x = new Random(i).Next(0, Math.Max(1, source.Width - 1000));
            using var surface = SKSurface.Create(new SKImageInfo(1000, 1000));
            using var paint = new SKPaint { ColorFilter = SKColorFilter.CreateLighting(new SKColor((byte)(200 + (i % 55)), 255, 255), new SKColor((byte)(i % 40), 0, 0)) };
            using var sourceImage = SKImage.FromBitmap(source);
            surface.Canvas.DrawImage(sourceImage, new SKRect(x, 0, x + 1000, Math.Min(1000, source.Height)), new SKRect(0, 0, 1000, 1000), SKSamplingOptions.Default, paint);
            using var image = surface.Snapshot();
            using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
            File.WriteAllBytes(Path.Combine(folder, $"img{i:D5}.jpg"), data.ToArray());
        });
        return Directory.GetFiles(folder, "*.jpg");
    }

    private static string FindSample()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples", "images", "bridge.jpg");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("Run from the repository: samples/images/bridge.jpg is the source picture.");
    }
}
