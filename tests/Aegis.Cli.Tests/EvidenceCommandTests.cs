using System.Security.Cryptography;
using Aegis.Core.Reports;
using Aegis.CyberTip.Evidence;
using Aegis.Storage;
using Microsoft.Data.Sqlite;

namespace Aegis.Cli.Tests;

/// <summary><c>aegis evidence</c> on a SQLite store: list, hold, keys and a re-wrap after a rotation.</summary>
public sealed class EvidenceCommandTests : IDisposable
{
    private static readonly byte[] K1 = RandomNumberGenerator.GetBytes(KeyRing.KeyBytes);
    private static readonly byte[] K2 = RandomNumberGenerator.GetBytes(KeyRing.KeyBytes);

    private readonly string _dir = Directory.CreateTempSubdirectory("aegis-cli-evidence-").FullName;

    private string Data => Path.Combine(_dir, "data");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Lists_holds_counts_keys_and_rewraps_after_a_rotation()
    {
        var (caseId, evidenceId) = await PreservedUnderK1Async("cli-item-1");
        var config = Path.Combine(_dir, "aegis.json");
        var settings = new { Evidence = new { Keys = new Dictionary<string, string> { ["k1"] = Convert.ToBase64String(K1), ["k2"] = Convert.ToBase64String(K2) }, CurrentKey = "k2" } };
        await File.WriteAllTextAsync(config, System.Text.Json.JsonSerializer.Serialize(settings));

        var list = await CliRun.InProcessAsync("evidence", "list", caseId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", Data);
        var held = await CliRun.InProcessAsync("evidence", "hold", evidenceId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--reason", "court order 12", "--data", Data);
        var before = await CliRun.InProcessAsync("evidence", "keys", "--data", Data, "--config", config);
        var rewrap = await CliRun.InProcessAsync("evidence", "rewrap", "--data", Data, "--config", config);
        var after = await CliRun.InProcessAsync("evidence", "keys", "--data", Data, "--config", config);

        Assert.Equal(AegisCli.Success, list.ExitCode);
        var fields = Assert.Single(list.Lines).Split('\t');
        Assert.Equal(["cli-item-1", "preserved", "image/png", "5000"], fields[1..5]);
        Assert.Contains("held", Assert.Single(held.Lines), StringComparison.Ordinal);
        Assert.Equal(["k1\t1\tyes\t-", "k2\t0\tyes\tcurrent"], before.Lines);
        Assert.Equal((AegisCli.Success, "re-wrapped 1 evidence items under key k2"), (rewrap.ExitCode, Assert.Single(rewrap.Lines)));
        Assert.Equal(["k1\t0\tyes\t-", "k2\t1\tyes\tcurrent"], after.Lines);
    }

    [Fact]
    public async Task A_hold_without_a_reason_or_on_an_unknown_item_is_refused()
    {
        await PreservedUnderK1Async("cli-item-2");

        var noReason = await CliRun.InProcessAsync("evidence", "hold", "1", "--data", Data);
        var unknown = await CliRun.InProcessAsync("evidence", "hold", "999", "--reason", "x", "--data", Data);

        Assert.Equal(AegisCli.UsageError, noReason.ExitCode);
        Assert.Equal(AegisCli.UsageError, unknown.ExitCode);
        Assert.Contains("no evidence 999", unknown.Error, StringComparison.Ordinal);
    }

    /// <summary>A case opened by a report, and its item sealed under k1 and stored, as the server would.</summary>
    private async Task<(long CaseId, long EvidenceId)> PreservedUnderK1Async(string contentId)
    {
        await using var store = await BankStore.OpenAsync(new StorageOptions(Data, null));
        var report = (await new CaseStore(store).ReportAsync(new ReportIntake([contentId], ReportCategory.ChildSexualExploitation, ReportSource.User, false, null, null, null), "platform"))[0];
        var evidence = new EvidenceStore(store);
        var item = Assert.Single(await evidence.ListAsync(report.CaseId!.Value));
        var bytes = RandomNumberGenerator.GetBytes(5000);
        var (sealedItem, _) = EvidenceCipher.Seal(new KeyRing(new Dictionary<string, byte[]> { ["k1"] = K1 }, "k1"), item.Id, bytes, new EvidenceMetadata
        {
            CaseId = item.CaseId, ContentId = contentId, Kind = "unknown", MediaType = "image/png", Source = "upload",
        });
        await evidence.PreserveAsync(item.Id, new EvidenceEnvelope(sealedItem.KeyId, sealedItem.WrappedKey, sealedItem.ContentNonce, sealedItem.ContentTag, sealedItem.Metadata), bytes, "image/png", "upload", "test");
        return (item.CaseId, item.Id);
    }
}
