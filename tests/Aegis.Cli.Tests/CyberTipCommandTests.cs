using System.Globalization;
using System.Security.Cryptography;
using Aegis.Core.Cases;
using Aegis.Core.Reports;
using Aegis.CyberTip.Evidence;
using Aegis.CyberTip.Schema;
using Aegis.Storage;
using Microsoft.Data.Sqlite;

namespace Aegis.Cli.Tests;

/// <summary><c>aegis cybertip status|preview|submit</c> on a SQLite store with a confirmed, preserved case.</summary>
public sealed class CyberTipCommandTests : IDisposable
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(KeyRing.KeyBytes);

    private readonly string _dir = Directory.CreateTempSubdirectory("aegis-cli-cybertip-").FullName;

    private string Data => Path.Combine(_dir, "data");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Shows_previews_and_approves_the_report_a_confirmed_case_is_in()
    {
        var caseId = (await ConfirmedAsync("cli-post-1")).ToString(CultureInfo.InvariantCulture);
        var config = Path.Combine(_dir, "aegis.json");
        await File.WriteAllTextAsync(config, System.Text.Json.JsonSerializer.Serialize(new
        {
            Evidence = new { Keys = new Dictionary<string, string> { ["k1"] = Convert.ToBase64String(Key) } },
            CyberTip = new { Reporter = new { Email = "safety@platform.example" }, ContentUrl = "https://platform.example/p/{content_id}" },
        }));

        var keysOnly = Path.Combine(_dir, "keys-only.json");
        await File.WriteAllTextAsync(keysOnly, System.Text.Json.JsonSerializer.Serialize(new { Evidence = new { Keys = new Dictionary<string, string> { ["k1"] = Convert.ToBase64String(Key) } } }));

        var status = await CliRun.InProcessAsync("cybertip", "status", caseId, "--data", Data);
        var preview = await CliRun.InProcessAsync("cybertip", "preview", caseId, "--data", Data, "--config", config);
        var noReporter = await CliRun.InProcessAsync("cybertip", "preview", caseId, "--data", Data, "--config", keysOnly);
        var submit = await CliRun.InProcessAsync("cybertip", "submit", caseId, "--as", "ana", "--data", Data);
        var again = await CliRun.InProcessAsync("cybertip", "submit", caseId, "--data", Data);
        var unknown = await CliRun.InProcessAsync("cybertip", "status", "999", "--data", Data);

        Assert.Equal(AegisCli.Success, status.ExitCode);
        Assert.Equal(["report 1: drafted", "person: uploader-1", $"cases: {caseId}"], status.Lines.Take(3));
        Assert.Equal(AegisCli.Success, preview.ExitCode);
        Assert.Empty(CyberTipSchema.Validate(string.Join('\n', preview.Lines)));
        Assert.Equal(AegisCli.SomeFailed, noReporter.ExitCode);
        Assert.Contains("CyberTip:Reporter:Email", noReporter.Error, StringComparison.Ordinal);
        Assert.Equal(AegisCli.Success, submit.ExitCode);
        Assert.Contains("approved by: ana", submit.Lines);
        Assert.Equal(AegisCli.SomeFailed, again.ExitCode);
        Assert.Contains("only a draft or a failed report can be approved", again.Error, StringComparison.Ordinal);
        Assert.Equal(AegisCli.SomeFailed, unknown.ExitCode);
        Assert.Contains("Case 999 is in no CyberTipline report", unknown.Error, StringComparison.Ordinal);
    }

    /// <summary>An upload reported by the child shown, preserved under the key, confirmed as CSAM by a senior, its cascade run.</summary>
    private async Task<long> ConfirmedAsync(string contentId)
    {
        await using var store = await BankStore.OpenAsync(new StorageOptions(Data, null));
        await new ContentStore(store).RecordAsync(new Core.Content.ContentRecord(
            contentId, Core.Content.MediaKind.Image, "uploader-1", "192.0.2.44", DateTimeOffset.UtcNow, null, null, null,
            Convert.ToHexStringLower(MD5.HashData([1, 2, 3])), Convert.ToHexStringLower(SHA256.HashData([1, 2, 3])), null, Core.Gate.Verdict.Allow));
        var cases = new CaseStore(store);
        var caseId = (await cases.ReportAsync(new ReportIntake([contentId], ReportCategory.Sextortion, ReportSource.User, true, true, "victim-1", null), "platform"))[0].CaseId!.Value;
        var evidence = new EvidenceStore(store);
        var item = Assert.Single(await evidence.ListAsync(caseId));
        byte[] bytes = [1, 2, 3];
        var (sealedItem, _) = EvidenceCipher.Seal(new KeyRing(new Dictionary<string, byte[]> { ["k1"] = Key }, "k1"), item.Id, bytes, new EvidenceMetadata
        {
            CaseId = caseId, ContentId = contentId, Kind = "image", MediaType = "image/png", Source = "upload",
        });
        await evidence.PreserveAsync(item.Id, new EvidenceEnvelope(sealedItem.KeyId, sealedItem.WrappedKey, sealedItem.ContentNonce, sealedItem.ContentTag, sealedItem.Metadata), bytes, "image/png", "upload", "test");
        await cases.DecideAsync(caseId, new Decision("ben", ReviewerRole.Senior, DecisionKind.ConfirmCsam, "stand-in for abuse material", NcmecClassification.B1));
        await cases.RunCascadeAsync(caseId, []);
        return caseId;
    }
}
