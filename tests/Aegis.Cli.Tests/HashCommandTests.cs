using System.Security.Cryptography;
using System.Text.Json;

namespace Aegis.Cli.Tests;

public sealed class HashCommandTests : IDisposable
{
    private const string BridgePdq = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    private readonly string _folder = Directory.CreateTempSubdirectory("aegis-hash-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Tsv_prints_path_pdq_quality_md5_sha256_for_each_file()
    {
        var file = CliRun.Data("pdq/data/reg-test-input/dih/bridge-1-original.jpg");
        var bytes = await File.ReadAllBytesAsync(file);

        var run = await CliRun.InProcessAsync("hash", file);

        Assert.Equal(AegisCli.Success, run.ExitCode);
        var columns = Assert.Single(run.Lines).Split('\t');
        Assert.Equal([file, BridgePdq, "100", Convert.ToHexStringLower(MD5.HashData(bytes)), Convert.ToHexStringLower(SHA256.HashData(bytes))], columns);
    }

    [Fact]
    public async Task Folders_are_hashed_recursively_in_name_order_and_bad_files_do_not_stop_the_run()
    {
        var source = CliRun.Data("pdq/data/bridge-mods");
        Directory.CreateDirectory(Path.Combine(_folder, "b", "nested"));
        File.Copy(Path.Combine(source, "aaa-orig.jpg"), Path.Combine(_folder, "b", "nested", "z.jpg"));
        File.Copy(Path.Combine(source, "blur-a-lot.jpg"), Path.Combine(_folder, "a.jpg"));
        await File.WriteAllTextAsync(Path.Combine(_folder, "b", "notes.jpg"), "not an image");
        File.Copy(Path.Combine(source, "shrink-a-lot.jpg"), Path.Combine(_folder, "c.jpg"));

        var run = await CliRun.InProcessAsync("hash", "--threads", "2", _folder);

        Assert.Equal(AegisCli.SomeFailed, run.ExitCode);
        var lines = run.Lines.Select(l => l.Split('\t')).ToArray();
        Assert.Equal(
            ["a.jpg", "b/nested/z.jpg", "b/notes.jpg", "c.jpg"],
            lines.Select(l => Path.GetRelativePath(_folder, l[0])));
        Assert.Equal(BridgePdq, lines[1][1]);
        Assert.Equal("ERROR", lines[2][1]);
        Assert.Contains("Not a recognised image", lines[2][2]);
        Assert.Equal(64, lines[3][1].Length);
        Assert.Contains("3 hashed, 1 failed", run.Error);
    }

    [Fact]
    public async Task Json_lines_have_the_documented_keys_and_an_error_key_for_failures()
    {
        var good = CliRun.Data("pdq/data/misc-images/c.png");
        var missing = Path.Combine(_folder, "missing.png");

        var run = await CliRun.InProcessAsync("hash", "--format", "json", good, missing);

        Assert.Equal(AegisCli.SomeFailed, run.ExitCode);
        using var first = JsonDocument.Parse(run.Lines[0]);
        Assert.Equal(["path", "pdq", "quality", "md5", "sha256"], first.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("e64cc9d91c623882f8d1f1d9a398e78c9f199b3bd83924f2b7e11e0bf861b064", first.RootElement.GetProperty("pdq").GetString());
        Assert.Equal(100, first.RootElement.GetProperty("quality").GetInt32());
        using var second = JsonDocument.Parse(run.Lines[1]);
        Assert.Equal(["path", "error"], second.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal("No such file or folder.", second.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Dihedral_adds_the_eight_variants_in_both_formats()
    {
        var file = CliRun.Data("pdq/data/reg-test-input/dih/bridge-1-original.jpg");

        var tsv = await CliRun.InProcessAsync("hash", "--dihedral", file);
        var json = await CliRun.InProcessAsync("hash", "--dihedral", "--format", "json", file);

        var columns = Assert.Single(tsv.Lines).Split('\t');
        Assert.Equal(5 + 8, columns.Length);
        Assert.Equal(BridgePdq, columns[5]);
        Assert.Equal("30a10efd71c83f429013d48d0ffffc52e34e0e17ada952a9d29685211ea9e5af", columns[6]);
        using var doc = JsonDocument.Parse(Assert.Single(json.Lines));
        var variants = doc.RootElement.GetProperty("dihedral");
        Assert.Equal(8, variants.EnumerateObject().Count());
        Assert.Equal("a5f04ba8a4996a17c906a3d85aaaa927b61b5b42f8fc03fc87c3d0740bfcb0fa", variants.GetProperty("flipminus1").GetString());
    }

    [Fact]
    public async Task Max_pixels_refuses_large_images_with_a_clear_error()
    {
        var file = CliRun.Data("pdq/data/reg-test-input/dih/bridge-1-original.jpg");

        var run = await CliRun.InProcessAsync("hash", "--max-pixels", "10000", file);

        Assert.Equal(AegisCli.SomeFailed, run.ExitCode);
        Assert.Contains("1600×1004", run.Output);
        Assert.Contains("over the limit of 10,000", run.Output);
    }

    [Theory]
    [InlineData("hash")]
    [InlineData("hash", "--threads", "0", "x")]
    [InlineData("hash", "--format", "xml", "x")]
    [InlineData("hash", "--max-pixels", "3", "x")]
    [InlineData("frobnicate")]
    public async Task Usage_errors_exit_with_2_and_say_what_is_wrong(params string[] args)
    {
        var run = await CliRun.InProcessAsync(args);

        Assert.Equal(AegisCli.UsageError, run.ExitCode);
        Assert.StartsWith("aegis: ", run.Error);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task The_real_executable_prints_to_stdout_and_reports_failure_in_its_exit_code()
    {
        var good = CliRun.Data("pdq/data/misc-images/wee.jpg");
        var bad = Path.Combine(_folder, "empty.jpg");
        await File.WriteAllBytesAsync(bad, []);

        var ok = await CliRun.ProcessAsync("hash", good);
        var failed = await CliRun.ProcessAsync("hash", good, bad);

        Assert.Equal(0, ok.ExitCode);
        Assert.StartsWith(good + "\t6227401f601ff4ccafcc9fad4b0d95d371a2eb7265a3285234d228ca94deeb2d\t100\t", ok.Output);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains(bad + "\tERROR\tThe file is empty (0 bytes).", failed.Output);
    }
}
