using System.Net;
using Aegis.Server.Hosting;
using Aegis.Server.Tests.Support;
using Aegis.Storage;

namespace Aegis.Server.Tests.Signals;

/// <summary>
/// A platform's own model plugged in by configuration only, against a real server: a threat in words no bank knows,
/// only the model (a tiny one written by the test), completes a sextortion of a declared 13-year-old, and the case shows
/// the model's rule as the evidence; a model that does not fit its settings stops the start, naming the setting.
/// </summary>
public abstract class PlatformModelTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aegis-onnx-").FullName;

    private TestDatabase _database = null!;

    private string _platform = "";

    private string _reviewer = "";

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        await using var store = await BankStore.OpenAsync(_database.Options);
        var keys = new ApiKeyStore(store);
        _platform = (await keys.CreateAsync("platform", ApiKeyRole.Platform)).Secret;
        _reviewer = (await keys.CreateAsync("reviewer", ApiKeyRole.Reviewer)).Secret;
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task A_threat_only_the_platforms_model_knows_completes_a_sextortion_and_the_case_shows_the_models_rule()
    {
        // Given a server with the platform's model, which knows an invented phrase as a threat to share
        var path = Path.Combine(_folder, "platform.onnx");
        await File.WriteAllBytesAsync(path, TinyOnnxModel.Phrase(OnnxMessageClassifierTests.Phrase, 4096, 2));
        await using var server = await RunningServer.StartAsync(_database.Options, o =>
        {
            o.Signals.Model.Path = path;
            o.Signals.Model.Name = "test-model";
            o.Signals.Model.Labels = ["threat_to_share", "payment_demand"];
        });
        using var platform = server.Client(_platform);
        using var reviewer = server.Client(_reviewer);
        var at = new DateTimeOffset(2026, 11, 2, 21, 0, 0, TimeSpan.Zero);

        // When an adult asks a declared 13-year-old for a picture and gets one, nothing is raised yet
        var first = await MessageSignalTests.SendAsync(platform,
            MessageSignalTests.Message("c-model", "m1", "adult-1", "child-1", at, "send me a pic of you"),
            MessageSignalTests.Message("c-model", "m2", "child-1", "adult-1", at.AddMinutes(1), null, fromChild: true, attachments: [new { md5 = new string('a', 32) }]));
        Assert.DoesNotContain(first["signals"]!.AsArray(), s => (string)s!["kind"]! == "sextortion");

        // And then sends the phrase only the model knows
        var threat = await MessageSignalTests.SendAsync(platform,
            MessageSignalTests.Message("c-model", "m3", "adult-1", "child-1", at.AddMinutes(2), "ok then, " + OnnxMessageClassifierTests.Phrase));

        // Then it is a sextortion case whose evidence for that message is the model's rule, and no bank's
        var caseId = (long)threat["signals"]!.AsArray().Single(s => (string)s!["kind"]! == "sextortion")!["case_id"]!;
        var conversation = Assert.Single((await (await reviewer.GetAsync($"/v1/cases/{caseId}/conversations")).JsonAsync(HttpStatusCode.OK)).AsArray())!;
        Assert.Equal(("sextortion", "adult-1", "child-1"), ((string)conversation["raised"]!, (string)conversation["suspect_id"]!, (string)conversation["target_id"]!));
        var m3 = conversation["evidence"]!.AsArray().Where(e => (string)e!["message_id"]! == "m3").ToArray();
        var evidence = Assert.Single(m3)!;
        Assert.Equal(("model:test-model/threat_to_share", "threat_to_share"), ((string)evidence["rule"]!, (string?)evidence["category"]));
        Assert.Contains(conversation["evidence"]!.AsArray(), e => (string)e!["message_id"]! == "m1" && (string?)e["category"] == "picture_request");
    }

    [Fact]
    public async Task A_model_that_does_not_fit_its_settings_stops_the_start_naming_the_setting()
    {
        var path = Path.Combine(_folder, "three-scores.onnx");
        await File.WriteAllBytesAsync(path, TinyOnnxModel.Phrase(OnnxMessageClassifierTests.Phrase, 4096, 3));

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => RunningServer.StartAsync(_database.Options, o =>
        {
            o.Signals.Model.Path = path;
            o.Signals.Model.Labels = ["threat_to_share", "payment_demand"];
        }));

        Assert.StartsWith("Signals:Model:Labels", refused.Message, StringComparison.Ordinal);
    }
}

/// <summary>On SQLite.</summary>
public sealed class SqlitePlatformModelTests : PlatformModelTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

/// <summary>On PostgreSQL.</summary>
public sealed class PostgresPlatformModelTests : PlatformModelTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();
}
