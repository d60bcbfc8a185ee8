using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;
using Aegis.Storage;

namespace Aegis.Server.Tests.Exchanges;

/// <summary>
/// The flood guard under load: an exchange plants one bad entry (the MD5 of a plain grey picture, a benign stand-in) and
/// hundreds of uploads of that picture come through the gate at once.
/// </summary>
public sealed class FloodGuardTests : ExchangeTestsBase
{
    private const int Uploads = 240;
    private const int AtOnce = 8;
    private const int MinMatches = 20;

    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());

    [Fact]
    public async Task A_planted_bad_entry_is_quarantined_after_MinMatches_blocks_holds_everything_after_and_a_release_restores_it()
    {
        // Given an exchange whose one record lists the MD5 of a benign picture, and a platform told of events
        await using var receiver = new WebhookReceiver("whsec-flood-" + Guid.NewGuid().ToString("N"));
        var picture = Images.Plain(64, 64, 97);
        var md5 = Convert.ToHexStringLower(MD5.HashData(picture));
        Feed.Pages.Add([FakeFeed.Record("bad-record", "member-7", "A1", ("md5", md5))]);
        var server = await StartServerAsync(o =>
        {
            (o.Webhooks.Url, o.Webhooks.Secret) = (receiver.Address.ToString(), receiver.Secret);
            o.Exchanges.Flood.MinMatches = MinMatches;
        });
        using var admin = server.Client(Admin);
        using var platform = server.Client(Platform);
        await CreateFeedExchangeAsync(admin, "feed", "feed-bank");
        await Waits.UntilAsync(async () => (await LookupAsync(platform, md5: md5)).Count == 1, "the planted entry to match");
        var entryId = (long)(await LookupAsync(platform, md5: md5))[0]!["entry_id"]!;

        // When hundreds of uploads of that picture come through the gate, several at a time
        var verdicts = new List<JsonNode>();
        for (var start = 0; start < Uploads; start += AtOnce)
        {
            var batch = Enumerable.Range(start, AtOnce).Select(async i =>
                await (await platform.PostBytesAsync($"/v1/media?content_id=flood-{i}&uploader_id=user-{i}", picture)).JsonAsync(HttpStatusCode.OK));
            verdicts.AddRange(await Task.WhenAll(batch));
        }

        // Then exactly MinMatches were blocked; every other upload was held for review, never published, with the reason
        Assert.Equal(MinMatches, verdicts.Count(v => (string)v["verdict"]! == "block"));
        Assert.Equal(Uploads - MinMatches, verdicts.Count(v => (string)v["verdict"]! == "hold"));
        Assert.All(verdicts.Where(v => (string)v["verdict"]! == "hold"), v => Assert.Contains("quarantined by the flood guard", (string)v["reason"]!, StringComparison.Ordinal));

        // And the curator was told once, with the entry and its source
        var told = await receiver.WaitForAsync("exchange.entry_quarantined", "record_key", "bad-record");
        Assert.Equal(entryId, (long)told.Body["entry_id"]!);
        Assert.Equal(("feed", "feed-bank", "member-7", "md5"), ((string)told.Body["exchange"]!, (string)told.Body["bank"]!, (string)told.Body["member"]!, (string)told.Body["signal_type"]!));
        Assert.Equal(MinMatches + 1, (long)told.Body["matches"]!);
        Assert.Single(receiver.Received, r => r.Type == "exchange.entry_quarantined");

        // And the exchange and the quarantine list show it
        Assert.Equal(1, (long)(await ExchangeAsync(admin, "feed"))["quarantined_entries"]!);
        var listed = Assert.Single((await (await admin.GetAsync("/v1/exchanges/quarantine")).JsonAsync(HttpStatusCode.OK)).AsArray());
        Assert.Equal((entryId, "bad-record", "member-7"), ((long)listed!["entry_id"]!, (string)listed["record_key"]!, (string)listed["member"]!));
        Assert.Equal(HttpStatusCode.Forbidden, (await platform.PostAsync($"/v1/exchanges/quarantine/{entryId}/release", null)).StatusCode);

        // When a curator releases it, the next upload is blocked again, and a second release is a conflict
        var released = await (await admin.PostAsync($"/v1/exchanges/quarantine/{entryId}/release", null)).JsonAsync(HttpStatusCode.OK);
        Assert.NotNull(released["released_at"]);
        var next = await (await platform.PostBytesAsync("/v1/media?content_id=after-release", picture)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("block", (string)next["verdict"]!);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/v1/exchanges/quarantine/{entryId}/release", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/v1/exchanges/quarantine/999999/release", null)).StatusCode);
        Assert.Empty((await (await admin.GetAsync("/v1/exchanges/quarantine")).JsonAsync(HttpStatusCode.OK)).AsArray());
        await using var store = await BankStore.OpenAsync(Database.Options);
        Assert.Single(await ExchangeTestsAudit.ActionsAsync(store, "exchange.entry_quarantined"));
        Assert.Single(await ExchangeTestsAudit.ActionsAsync(store, "exchange.entry_released"));
    }
}
