using System.Globalization;
using System.Text.Json;

namespace Aegis.Cli.Tests;

/// <summary><c>aegis hash</c> and <c>aegis scan</c> on a video, recognised by its bytes whatever its name.</summary>
public sealed class VideoCommandTests : IDisposable
{
    private const string ChairMd5 = "0a21c8f85a55a9e276ffc2c53f6887c4";
    private readonly string _dir = Directory.CreateTempSubdirectory("aegis-cli-video-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Chair => Path.Combine(AppContext.BaseDirectory, "data", "video", "chair-19-sd-bar.mp4");

    [Fact]
    public async Task Hash_prints_a_video_s_frame_count_and_digests_and_its_vpdq_in_json()
    {
        var renamed = Path.Combine(_dir, "holiday.jpg");
        File.Copy(Chair, renamed);

        var tsv = await CliRun.InProcessAsync("hash", renamed);
        var json = await CliRun.InProcessAsync("hash", "--format", "json", Chair);

        Assert.Equal(0, tsv.ExitCode);
        Assert.Equal([renamed, "vpdq:19", "-", ChairMd5], Assert.Single(tsv.Lines).Split('\t')[..4]);
        using var doc = JsonDocument.Parse(Assert.Single(json.Lines));
        Assert.Equal("video", doc.RootElement.GetProperty("type").GetString());
        Assert.Equal(ChairMd5, doc.RootElement.GetProperty("md5").GetString());
        var frames = doc.RootElement.GetProperty("vpdq").EnumerateArray().Select(f => f.GetString()!).ToList();
        Assert.Equal(19, frames.Count);
        Assert.All(frames, f => Assert.Equal(3, f.Split(',').Length));
    }

    [Fact]
    public async Task Scan_finds_an_exact_copy_of_a_banked_video_by_its_md5()
    {
        var data = Path.Combine(_dir, "data");
        var list = Path.Combine(_dir, "videos.txt");
        await File.WriteAllTextAsync(list, $"video_md5 {ChairMd5}\n");
        await CliRun.InProcessAsync("bank", "create", "video-stand-in", "--data", data);
        await CliRun.InProcessAsync("bank", "import", "video-stand-in", list, "--data", data);

        var run = await CliRun.InProcessAsync("scan", Chair, "--data", data);

        Assert.Equal(1, run.ExitCode);
        var columns = Assert.Single(run.Lines).Split('\t');
        Assert.Equal(["video-stand-in", "1", "0", "md5"], columns[1..5]);
    }

    [Fact]
    public async Task Bank_add_hashes_a_known_video_densely_and_scan_finds_a_clip_cut_from_it()
    {
        var data = Path.Combine(_dir, "data");
        var clip = Path.Combine(_dir, "clip.mp4");
        await FfmpegAsync("-ss", "7.3", "-i", Chair, "-t", "5", "-c:v", "libx264", "-crf", "30", clip);
        await CliRun.InProcessAsync("bank", "create", "videos-stand-in", "--data", data);

        var add = await CliRun.InProcessAsync("bank", "add", "videos-stand-in", Chair, "--data", data);
        var scan = await CliRun.InProcessAsync("scan", clip, "--data", data);
        var json = await CliRun.InProcessAsync("scan", "--format", "json", clip, "--data", data);

        Assert.Equal(0, add.ExitCode);
        Assert.Equal(["vpdq", "md5", "sha256"], add.Lines.Select(l => l.Split('\t')[1]));
        var frames = int.Parse(add.Lines[0].Split('\t')[3].Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.InRange(frames, 100, 565); // 565 frames, folded
        Assert.Equal(1, scan.ExitCode);
        var columns = Assert.Single(scan.Lines).Split('\t');
        Assert.Equal(["videos-stand-in", "1", "0", "vpdq", "block", "reference", "100.0"], columns[1..8]);
        using var doc = JsonDocument.Parse(Assert.Single(json.Lines));
        Assert.Equal("reference", doc.RootElement.GetProperty("video").GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Bank_import_takes_the_vpdq_signal_that_hash_prints()
    {
        var data = Path.Combine(_dir, "data");
        var list = Path.Combine(_dir, "videos.txt");
        var hashed = await CliRun.InProcessAsync("hash", "--format", "json", Chair);
        using (var doc = JsonDocument.Parse(Assert.Single(hashed.Lines)))
        {
            await File.WriteAllTextAsync(list, $"vpdq {doc.RootElement.GetProperty("vpdq").GetRawText()}\n");
        }

        await CliRun.InProcessAsync("bank", "create", "videos-stand-in", "--data", data);
        var import = await CliRun.InProcessAsync("bank", "import", "videos-stand-in", list, "--data", data);
        var scan = await CliRun.InProcessAsync("scan", Chair, "--data", data);
        var export = await CliRun.InProcessAsync("bank", "export", "videos-stand-in", "--format", "threatexchange", "--data", data);

        Assert.Equal(0, import.ExitCode);
        Assert.Equal(1, scan.ExitCode);
        Assert.Equal(["vpdq", "block", "reference", "100.0", "100.0", "100.0"], Assert.Single(scan.Lines).Split('\t')[4..]);
        Assert.StartsWith("vpdq [\"", Assert.Single(export.Lines), StringComparison.Ordinal);
    }

    private static async Task FfmpegAsync(params string[] args)
    {
        var ffmpeg = await ChildProcess.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-y", .. args]);
        Assert.True(ffmpeg.ExitCode == 0, ffmpeg.Error);
    }
}
