using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Aegis.Server.Matching;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Tests;

public abstract partial class ServerTests
{
    [Fact]
    public async Task Content_allowed_before_its_hash_was_banked_is_reported_as_a_match_event()
    {
        var bank = await CreateBankAsync("retro");
        var id = NewName("early");
        var bytes = Images.Unrelated(11);
        var upload = await UploadAsync(bytes, id);
        var after = (long)(await (await Platform.GetAsync("/v1/match-events?after=0&limit=10000")).JsonAsync(HttpStatusCode.OK))["next"]!;

        var entry = await AddEntryAsync(bank, "pdq", (string)upload["hashes"]!["pdq"]!);

        var found = await MatchEventAsync(after, e => (string)e["content_id"]! == id, $"a match event for {id}");

        Assert.Equal((bank, entry, "pdq", "block"), ((string)found["bank"]!, (long)found["entry_id"]!, (string)found["signal_type"]!, (string)found["action"]!));
        Assert.Equal("allow", (string)upload["verdict"]!);
    }

    [Fact]
    public async Task A_deleted_bank_is_gone_at_once_its_name_free_and_the_deletion_audited()
    {
        // Given a bank whose entry blocks an upload
        var bank = await CreateBankAsync("deleted");
        var pdq = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        await AddEntryAsync(bank, "pdq", pdq);
        Assert.Equal("block", (string)(await (await Platform.PostJsonAsync("/v1/lookup", new { pdq })).JsonAsync(HttpStatusCode.OK))["verdict"]!);

        // When it is deleted (a platform key may not)
        Assert.Equal(HttpStatusCode.Forbidden, (await Platform.DeleteAsync($"/v1/banks/{bank}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Curator.DeleteAsync($"/v1/banks/{bank}")).StatusCode);

        // Then it is not found, listed nor matched, a second delete is a 404, and its name is free
        Assert.Equal(HttpStatusCode.NotFound, (await Curator.GetAsync($"/v1/banks/{bank}")).StatusCode);
        Assert.DoesNotContain((await (await Curator.GetAsync("/v1/banks")).JsonAsync(HttpStatusCode.OK)).AsArray(), b => (string)b!["name"]! == bank);
        Assert.Equal("allow", (string)(await (await Platform.PostJsonAsync("/v1/lookup", new { pdq })).JsonAsync(HttpStatusCode.OK))["verdict"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await Curator.DeleteAsync($"/v1/banks/{bank}")).StatusCode);
        var again = await (await Curator.PostJsonAsync("/v1/banks", new { name = bank })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal(0L, (long)again["total_entries"]!);
        Assert.Equal("allow", (string)(await (await Platform.PostJsonAsync("/v1/lookup", new { pdq })).JsonAsync(HttpStatusCode.OK))["verdict"]!);

        // And the deletion is audited, by the curator's key
        await using var store = await BankStore.OpenAsync(Fixture.Database.Options);
        var deleted = new List<AuditEntry>();
        await foreach (var entry in new AuditLog(store).ReadAsync())
        {
            if (entry.Subject == $"bank:{bank}" && entry.Action == "bank.deleted")
            {
                deleted.Add(entry);
            }
        }

        Assert.Equal("curator", Assert.Single(deleted).Actor);
    }

    [Fact]
    public async Task A_retroactive_match_is_pushed_to_the_platform_as_a_content_matched_webhook()
    {
        await using var receiver = new WebhookReceiver("secret-" + Guid.NewGuid().ToString("N"));
        await using var server = await RunningServer.StartAsync(Fixture.Database.Options, o => (o.Webhooks.Url, o.Webhooks.Secret) = (receiver.Address.ToString(), receiver.Secret));
        using var platform = server.Client(Fixture.Platform);
        var bank = await CreateBankAsync("retro-hook");
        var id = NewName("early");
        var upload = await (await platform.PostBytesAsync($"/v1/media?content_id={id}", Images.Unrelated(12))).JsonAsync(HttpStatusCode.OK);

        var entry = await AddEntryAsync(bank, "md5", (string)upload["hashes"]!["md5"]!);
        var matched = await receiver.WaitForAsync("content.matched", "content_id", id);

        Assert.Equal("allow", (string)upload["verdict"]!);
        Assert.Equal((bank, entry, "md5", 0, "block"), ((string)matched.Body["bank"]!, (long)matched.Body["entry_id"]!, (string)matched.Body["signal_type"]!, (int)matched.Body["distance"]!, (string)matched.Body["action"]!));
        Assert.Single(receiver.Received, e => e.Type == "content.matched" && (string?)e.Body["content_id"] == id);
    }

    [Fact]
    public async Task A_video_allowed_before_its_vpdq_was_banked_is_reported_too()
    {
        var bank = await CreateBankAsync("retro-video");
        var id = NewName("clip");
        var upload = await UploadAsync(await File.ReadAllBytesAsync(Support.Api.Chair), id);
        var after = (long)(await (await Platform.GetAsync("/v1/match-events?after=0&limit=10000")).JsonAsync(HttpStatusCode.OK))["next"]!;

        var entry = await AddEntryAsync(bank, "vpdq", (string)upload["hashes"]!["vpdq"]!);

        var found = await MatchEventAsync(after, e => (string)e["content_id"]! == id && (long)e["entry_id"]! == entry, $"a match event for {id} and entry {entry}");

        Assert.Equal("vpdq", (string)found["signal_type"]!);
    }

    /// <summary>Waits for the first match event after <paramref name="after"/> that <paramref name="matches"/> picks.</summary>
    private async Task<JsonNode> MatchEventAsync(long after, Func<JsonNode, bool> matches, string what)
    {
        JsonNode? found = null;
        await Waits.UntilAsync(
            async () => (found = (await (await Platform.GetAsync($"/v1/match-events?after={after}")).JsonAsync(HttpStatusCode.OK))["events"]!.AsArray().FirstOrDefault(e => matches(e!))) is not null,
            what);
        return found!;
    }

    [Fact]
    public async Task A_hash_added_on_one_node_blocks_on_another_once_that_node_has_read_the_change()
    {
        // Given two nodes on one database, and an item's hash added to a bank on the first
        await using var other = await RunningServer.StartAsync(Fixture.Database.Options);
        var bank = await CreateBankAsync("nodes");
        var hashes = (await UploadAsync(Images.Unrelated(21), NewName("post")))["hashes"]!;
        await AddEntryAsync(bank, "sha256", (string)hashes["sha256"]!);
        var change = Fixture.Server.Services.GetRequiredService<MatcherHost>().Sequence; // applied on the first before it answered

        // When the other node's feed (polled every FeedPollMilliseconds) has read that change
        var feed = other.Services.GetRequiredService<MatcherHost>();
        await Waits.UntilAsync(() => feed.Sequence >= change, $"the other node to read bank change {change}", seen: () => $"it had read up to {feed.Sequence}");

        // Then its very next lookup blocks the item
        using var client = other.Client(Fixture.Platform);
        var lookup = await (await client.PostJsonAsync("/v1/lookup", new { sha256 = (string)hashes["sha256"]! })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("block", (string)lookup["verdict"]!);
    }

    [Fact]
    public async Task Banks_are_created_listed_updated_and_their_entries_disabled()
    {
        var bank = await CreateBankAsync("curate", new { pdq_threshold = 20, description = "stand-in", video = new { query_percent = 90, containment_percent = 101, segment_frames = 8 } });
        var md5 = (string)(await UploadAsync(Images.Unrelated(31), NewName("post")))["hashes"]!["md5"]!;
        var entry = await AddEntryAsync(bank, "md5", md5);

        var shown = await (await Curator.GetAsync($"/v1/banks/{bank}")).JsonAsync(HttpStatusCode.OK);
        var updated = await (await Curator.PatchAsync($"/v1/banks/{bank}", Content("""{"action":"flag","enabled":true}"""))).JsonAsync(HttpStatusCode.OK);
        var disabled = await (await Curator.PatchAsync($"/v1/banks/{bank}/entries/{entry}", Content("""{"enabled":false}"""))).JsonAsync(HttpStatusCode.OK);
        var lookup = await (await Platform.PostJsonAsync("/v1/lookup", new { md5 })).JsonAsync(HttpStatusCode.OK);
        var list = await (await Curator.GetAsync("/v1/banks")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal((20, "stand-in", 90.0, 8, 1L), ((int)shown["pdq_threshold"]!, (string)shown["description"]!, (double)shown["video"]!["query_percent"]!, (int)shown["video"]!["segment_frames"]!, (long)shown["total_entries"]!));
        Assert.Equal("flag", (string)updated["action"]!);
        Assert.False((bool)disabled["enabled"]!);
        Assert.DoesNotContain(lookup["matches"]!.AsArray(), m => (string)m!["bank"]! == bank);
        Assert.Contains(list.AsArray(), b => (string)b!["name"]! == bank);
    }

    [Fact]
    public async Task An_import_streams_a_list_shows_its_job_and_reports_bad_lines_then_exports()
    {
        var bank = await CreateBankAsync("import");
        var random = new Random(5);
        var lines = new StringBuilder();
        for (var i = 0; i < 2000; i++)
        {
            lines.Append("pdq ").Append(Convert.ToHexStringLower(RandomBytes(random, 32))).Append('\n');
        }

        lines.Append("pdq not-a-hash\n");
        var content = new StringContent(lines.ToString(), Encoding.UTF8, "text/plain");

        var job = await (await Curator.PostAsync($"/v1/banks/{bank}/imports?format=threatexchange&list=stand-in-list", content)).JsonAsync(HttpStatusCode.OK);
        var jobs = await (await Curator.GetAsync("/v1/imports")).JsonAsync(HttpStatusCode.OK);
        var export = await Curator.GetStringAsync($"/v1/banks/{bank}/export?format=csv");

        Assert.Equal(("done", 2001L, 2000L, 1L), ((string)job["state"]!, (long)job["read"]!, (long)job["added"]!, (long)job["bad_lines"]!));
        Assert.Contains("line 2001", (string)job["errors"]![0]!);
        Assert.Contains(jobs.AsArray(), j => (string)j!["id"]! == (string)job["id"]!);
        Assert.Equal(2001, export.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("stand-in-list", export);
    }

    [Fact]
    public async Task An_import_s_progress_can_be_polled_while_its_body_is_still_arriving()
    {
        // Given an import whose body stops half-way until the test lets it go on
        var bank = await CreateBankAsync("slow-import");
        var random = new Random(6);
        var lines = Enumerable.Range(0, 4000).Select(_ => "pdq " + Convert.ToHexStringLower(RandomBytes(random, 32)) + "\n").ToList();
        var goOn = new TaskCompletionSource();
        var content = new GatedContent(Encoding.UTF8.GetBytes(string.Concat(lines.Take(2000))), Encoding.UTF8.GetBytes(string.Concat(lines.Skip(2000))), goOn.Task);
        using var curator = Fixture.Server.Client(Fixture.Curator);
        var posting = curator.PostAsync($"/v1/banks/{bank}/imports?format=threatexchange", content);

        // When the imports are polled meanwhile
        JsonNode? running = null;
        await Waits.UntilAsync(
            async () => (running = (await (await Curator.GetAsync("/v1/imports")).JsonAsync(HttpStatusCode.OK)).AsArray()
                .FirstOrDefault(j => (string)j!["bank"]! == bank && (long)j["read"]! >= 1000)) is not null,
            $"the import into {bank} to show as running with 1,000 lines read");
        var polled = await (await Curator.GetAsync($"/v1/imports/{(string)running!["id"]!}")).JsonAsync(HttpStatusCode.OK);
        goOn.SetResult();
        var done = await (await posting).JsonAsync(HttpStatusCode.OK);

        // Then it showed as running with lines read, and finished with every line
        Assert.Equal("running", (string)running["state"]!);
        Assert.Equal("running", (string)polled["state"]!);
        Assert.InRange((long)polled["read"]!, 1000L, 2000L);
        Assert.Equal(((string)running["id"]!, "done", 4000L, 4000L), ((string)done["id"]!, (string)done["state"]!, (long)done["read"]!, (long)done["added"]!));
    }

    /// <summary>A request body sent in two parts, the second only once <c>goOn</c> completes.</summary>
    private sealed class GatedContent(byte[] first, byte[] second, Task goOn) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(first);
            await stream.FlushAsync();
            await goOn;
            await stream.WriteAsync(second);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    [Fact]
    public async Task Metrics_count_requests_verdicts_and_index_size()
    {
        await UploadAsync(Images.Unrelated(41), NewName("post"));

        var text = await Admin.GetStringAsync("/metrics");

        Assert.Contains("aegis_verdicts_total{verdict=\"allow\"}", text);
        Assert.Contains("aegis_http_requests_total{route=\"POST /v1/media\",status=\"200\"}", text);
        Assert.Contains("aegis_http_request_duration_seconds_bucket{route=\"POST /v1/media\",le=\"+Inf\"}", text);
        Assert.Contains("aegis_content_items", text);
    }

    [Fact]
    public async Task A_restart_loses_nothing_that_was_acknowledged()
    {
        var bank = await CreateBankAsync("restart");
        var id = NewName("post");
        var bytes = Images.Unrelated(51);
        var upload = await UploadAsync(bytes, id);
        await AddEntryAsync(bank, "sha256", (string)upload["hashes"]!["sha256"]!);

        await Fixture.RestartAsync();

        var record = await (await Platform.GetAsync($"/v1/contents/{id}")).JsonAsync(HttpStatusCode.OK);
        var again = await UploadAsync(bytes, NewName("post"));
        Assert.Equal((string)upload["hashes"]!["sha256"]!, (string)record["sha256"]!);
        Assert.Equal("block", (string)again["verdict"]!);
    }

    private static StringContent Content(string json) => new(json, Encoding.UTF8, "application/json");

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }
}
