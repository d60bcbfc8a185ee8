using System.Net;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Server.Tests.Protect;

/// <summary>
/// Two real nodes on one PostgreSQL database: the first uploads matching a submission that found nothing arrive on both
/// at once; exactly one case is opened for it, and every held upload is in it (the submission's row decides the race).
/// </summary>
public sealed class ProtectClusterTests : IAsyncLifetime
{
    private readonly List<RunningServer> _servers = [];
    private TestDatabase _database = null!;
    private string _platform = "";

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.PostgresAsync();
        await using var store = await BankStore.OpenAsync(_database.Options);
        _platform = (await new ApiKeyStore(store).CreateAsync("platform", ApiKeyRole.Platform)).Secret;
    }

    public async Task DisposeAsync()
    {
        try
        {
            foreach (var server in _servers)
            {
                await server.DisposeAsync();
            }
        }
        finally
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task Uploads_racing_on_two_nodes_open_one_case_for_a_submission_and_all_join_it()
    {
        for (var i = 0; i < 2; i++)
        {
            _servers.Add(await RunningServer.StartAsync(_database.Options, o => o.Protect.SubmissionsPerHour = 100));
        }

        using var person = _servers[0].Client(null);
        var md5 = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var answer = await (await person.PostJsonAsync("/protect/v1/submissions", new
        {
            statement = "self_minor",
            files = new[] { new { kind = "image", md5, sha256 = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), pdq = Array.Empty<object>() } },
        })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(0, (int)answer["found"]!);

        // The second node applies the bank change within a poll: wait until it holds a probe (a lookup without a content id records nothing)
        using var second = _servers[1].Client(_platform);
        await Waits.UntilAsync(
            async () => (string)(await (await second.PostJsonAsync("/v1/lookup", new { md5 })).JsonAsync(HttpStatusCode.OK))["verdict"]! == "hold",
            "the second node holds the submitted digest");

        var clients = _servers.Select(s => s.Client(_platform)).ToList();
        var verdicts = await Task.WhenAll(Enumerable.Range(0, 24).Select(async i =>
            await (await clients[i % 2].PostJsonAsync("/v1/lookup", new JsonObject { ["content_id"] = $"up-{i}", ["uploader_id"] = $"acct-{i}", ["md5"] = md5 }))
                .JsonAsync(HttpStatusCode.OK)));
        clients.ForEach(c => c.Dispose());

        Assert.All(verdicts, v => Assert.Equal("hold", (string)v["verdict"]!));
        var caseIds = verdicts.Select(v => (long)v["case_id"]!).Distinct().ToList();
        var caseId = Assert.Single(caseIds);
        await using var store = await BankStore.OpenAsync(_database.Options);
        await using var db = store.CreateContext();
        Assert.Equal(1, await db.Cases.CountAsync());
        Assert.Equal(23, await db.CaseLinks.CountAsync(l => l.CaseId == caseId));
        Assert.Equal(24, await db.ProtectItems.CountAsync());
        Assert.Equal(1, await db.Reports.CountAsync(r => r.CaseId == caseId));
        var standing = await (await person.PostJsonAsync("/protect/v1/receipt", new { receipt = (string)answer["receipt"]! })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((24, 24, 24), ((int)standing["found"]!, (int)standing["restricted"]!, (int)standing["held_for_review"]!));
    }
}
