using System.Net;
using System.Text;
using Aegis.Server.Tests.Support;
using Aegis.Storage;

namespace Aegis.Server.Tests.Exchanges;

/// <summary>An exchange's credentials: sealed in the database, used for the fetch, never shown; refused ones make it failing.</summary>
public sealed class ExchangeCredentialTests : ExchangeTestsBase
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());

    [Fact]
    public async Task Credentials_are_used_but_never_readable_in_the_database_file_and_refused_ones_tell_the_platform_until_fixed()
    {
        var secret = $"feed-token-{Guid.NewGuid():N}";
        Feed.Token = secret;
        Feed.Pages.Add([FakeFeed.Record("r1", "m", "A1", Pdq(7))]);
        await using var hooks = new WebhookReceiver("hook-secret");
        var server = await StartServerAsync(o => (o.Webhooks.Url, o.Webhooks.Secret) = (hooks.Address.ToString(), hooks.Secret));
        using var admin = server.Client(Admin);

        // Given an exchange configured with its token
        await CreateFeedExchangeAsync(admin, "sealed", "sealed-bank", credentials: new { token = secret });
        var status = await StatusUntilAsync(admin, "sealed", s => s["last_success_at"] is not null, "'sealed' to fetch with its token");
        Assert.Equal(1L, Long(status, "total.added"));
        Assert.Contains($"Bearer {secret}", Feed.Authorizations);

        // Then the token is in no file of the database, in any encoding, and the API says only that it is set
        var shown = await (await admin.GetAsync("/v1/exchanges/sealed")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(secret, shown, StringComparison.Ordinal);
        Assert.Contains("\"has_credentials\":true", shown, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await (await admin.GetAsync("/v1/exchanges")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(Database.Options.DataDirectory!, "aegis.db*"))
        {
            var bytes = await ReadSharedAsync(file);
            foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode })
            {
                Assert.True(bytes.AsSpan().IndexOf(encoding.GetBytes(secret)) < 0, $"{Path.GetFileName(file)} holds the token in {encoding.WebName}");
            }
        }

        // When the exchange starts refusing the token, the platform is told it is failing, at once
        Feed.Token = "rotated";
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/v1/exchanges/sealed/fetch", null)).StatusCode);
        var failing = await hooks.WaitForAsync("exchange.failing", "exchange", "sealed");
        Assert.Equal("sealed-bank", (string)failing.Body["bank"]!);
        Assert.Contains("unauthorized", (string)failing.Body["error"]!, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, failing.Body.ToJsonString(), StringComparison.Ordinal);
        var refused = (await ExchangeAsync(admin, "sealed"))["status"]!;
        Assert.Equal("failing", (string)refused["state"]!);

        // And new credentials make it due at once; it recovers, and the platform is told so
        (await admin.PutAsync("/v1/exchanges/sealed/credentials", System.Net.Http.Json.JsonContent.Create(new { token = "rotated" }))).EnsureSuccessStatusCode();
        var recovered = await hooks.WaitForAsync("exchange.recovered", "exchange", "sealed");
        Assert.Equal(1, (int)recovered.Body["failed_runs"]!);
        Assert.Single(hooks.Received, r => r.Type == "exchange.failing");
        await using var store = await BankStore.OpenAsync(Database.Options);
        Assert.Equal(2, (await ExchangeTestsAudit.ActionsAsync(store, "exchange.credentials_set")).Count);
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }
}

/// <summary>Audit entries of one action, for the exchange tests.</summary>
internal static class ExchangeTestsAudit
{
    public static async Task<List<AuditEntry>> ActionsAsync(BankStore store, string action)
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in new AuditLog(store).ReadAsync())
        {
            if (entry.Action == action)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }
}
