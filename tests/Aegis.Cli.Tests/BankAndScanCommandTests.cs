using System.Text.Json;

namespace Aegis.Cli.Tests;

/// <summary>
/// The bank and scan commands end to end on a real SQLite store in a temporary data directory.
/// Hashes come from the benign sample images; none is a real list entry.
/// </summary>
public sealed class BankAndScanCommandTests : IDisposable
{
    private const string BridgePdq = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
    private readonly string _dir = Directory.CreateTempSubdirectory("aegis-cli-").FullName;

    private string Data => Path.Combine(_dir, "data");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Create_import_list_show_export_round_trip()
    {
        var list = await WriteAsync("stand-in.txt", $"pdq {BridgePdq}\nvideo_md5 d35c785545392755e7e4164457657269\npdq {BridgePdq}\nnot-a-signal zz\n");

        Assert.Equal(0, (await Run("bank", "create", "stand-in", "--threshold", "20", "--action", "hold")).ExitCode);
        var import = await Run("bank", "import", "stand-in", list);
        var shown = await Run("bank", "show", "stand-in");
        var exported = await Run("bank", "export", "stand-in");

        Assert.Equal(AegisCli.SomeFailed, import.ExitCode);
        Assert.Contains("3 records read, 2 added, 1 duplicates merged, 1 bad lines skipped", import.Output);
        Assert.Contains("line 4: unknown signal type 'not-a-signal'", import.Error);
        Assert.Contains("threshold:   20", shown.Output);
        Assert.Contains("action:      hold", shown.Output);
        Assert.Contains("entries:     2 enabled of 2", shown.Output);
        var records = exported.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["pdq", "md5"], records.Select(r => r.GetProperty("type").GetString()));
        Assert.Equal(BridgePdq, records[0].GetProperty("hash").GetString());
        Assert.Equal("stand-in.txt", records[0].GetProperty("list").GetString());
    }

    [Fact]
    public async Task An_import_line_whose_external_id_or_label_cannot_be_stored_is_a_bad_line_and_the_rest_import()
    {
        var list = await WriteAsync("ids.csv", string.Join('\n',
            "hash,type,id,category",
            "00000000000000000000000000000001,md5,ok-1,A1",
            $"00000000000000000000000000000002,md5,{new string('9', 257)},A1",
            "00000000000000000000000000000003,md5,\"bad\u202Eid\",A1",
            "00000000000000000000000000000004,md5,ok-4,\"two\nlines\"",
            "") + "\n");
        await Run("bank", "create", "ids");

        var import = await Run("bank", "import", "ids", list);
        var badList = await Run("bank", "import", "ids", list, "--list", "a\u202Eb");

        Assert.Equal(AegisCli.SomeFailed, import.ExitCode);
        Assert.Contains("1 records read, 1 added, 0 duplicates merged, 3 bad lines skipped", import.Output);
        Assert.Contains("ids.csv: line 3: external_id is at most 256 characters; got 257.", import.Error);
        Assert.Contains("ids.csv: line 4: external_id may not hold a bidirectional formatting character (U+202E, character 4).", import.Error);
        Assert.Contains("ids.csv: line 5: category may not hold a control character (U+000A, character 4).", import.Error);
        Assert.Equal(AegisCli.UsageError, badList.ExitCode);
        Assert.Contains("list may not hold a bidirectional formatting character", badList.Error);
    }

    [Fact]
    public async Task Scan_reports_every_match_with_its_distance_and_exits_1()
    {
        await Run("bank", "create", "stand-in");
        await Run("bank", "import", "stand-in", await WriteAsync("l.txt", $"pdq {BridgePdq}\n"));
        var samples = Path.Combine(_dir, "samples");
        Directory.CreateDirectory(samples);
        File.Copy(CliRun.Data("pdq/data/bridge-mods/blur-a-lot.jpg"), Path.Combine(samples, "blurred.jpg"));
        File.Copy(CliRun.Data("pdq/data/misc-images/wee.jpg"), Path.Combine(samples, "other.jpg"));

        var tsv = await Run("scan", samples, "--bank", "stand-in");
        var json = await Run("scan", samples, "--format", "json");

        Assert.Equal(1, tsv.ExitCode);
        var columns = Assert.Single(tsv.Lines).Split('\t');
        Assert.Equal([Path.Combine(samples, "blurred.jpg"), "stand-in", "1", "4", "pdq", "block"], columns);
        using var doc = JsonDocument.Parse(Assert.Single(json.Lines));
        Assert.Equal(4, doc.RootElement.GetProperty("distance").GetInt32());
        Assert.Equal("stand-in", doc.RootElement.GetProperty("bank").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("entry").GetInt64());
        Assert.Contains("2 files, 1 matched", tsv.Error);
    }

    [Fact]
    public async Task Scan_with_nothing_matching_exits_0_and_with_unreadable_files_exits_2()
    {
        await Run("bank", "create", "empty");
        var bad = await WriteAsync("broken.jpg", "not an image");

        var none = await Run("scan", CliRun.Data("pdq/data/misc-images/wee.jpg"));
        var errors = await Run("scan", bad);

        Assert.Equal(0, none.ExitCode);
        Assert.Empty(none.Output);
        Assert.Equal(2, errors.ExitCode);
        Assert.Contains("Not a recognised image", errors.Error);
    }

    [Fact]
    public async Task Disabled_banks_and_entries_stop_matching_and_negative_banks_cancel_matches()
    {
        var blurred = CliRun.Data("pdq/data/bridge-mods/blur-a-lot.jpg");
        await Run("bank", "create", "stand-in");
        await Run("bank", "import", "stand-in", await WriteAsync("l.txt", $"pdq {BridgePdq}\n"));
        Assert.Equal(1, (await Run("scan", blurred)).ExitCode);

        await Run("bank", "disable", "stand-in", "--entry", "1");
        Assert.Equal(0, (await Run("scan", blurred)).ExitCode);
        await Run("bank", "enable", "stand-in", "--entry", "1");
        await Run("bank", "disable", "stand-in");
        Assert.Equal(0, (await Run("scan", blurred)).ExitCode);
        await Run("bank", "enable", "stand-in");

        await Run("bank", "create", "known-benign", "--negative");
        await Run("bank", "import", "known-benign", await WriteAsync("n.txt", $"pdq {BridgePdq}\n"));
        var cancelled = await Run("scan", blurred);
        Assert.Equal(0, cancelled.ExitCode);
        Assert.Contains("1 matches cancelled by negative banks", cancelled.Error);
    }

    [Theory]
    [InlineData("bank", "create", "bad name!")]
    [InlineData("bank", "create", "ok", "--threshold", "99")]
    [InlineData("bank", "show", "missing")]
    [InlineData("scan", ".", "--bank", "missing")]
    public async Task Bad_bank_requests_exit_2_with_a_message(params string[] args)
    {
        var run = await Run(args);

        Assert.Equal(AegisCli.UsageError, run.ExitCode);
        Assert.NotEmpty(run.Error.Trim());
    }

    private Task<CliRun> Run(params string[] args) => CliRun.InProcessAsync([.. args, "--data", Data]);

    private async Task<string> WriteAsync(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }
}
