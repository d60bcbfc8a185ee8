using System.Net;
using System.Text.Json.Nodes;
using Aegis.CyberTip.Schema;
using Aegis.Server.Hosting;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Server.Tests.Signals;

/// <summary>
/// The message signals against a real server (stand-in conversations written for the tests; no real messages): a
/// sextortion of a declared 13-year-old opens a case and the protection webhook has arrived before the threat's intake
/// answers; a confirmation suspends the sender, preserves the conversation and drafts a text-only CyberTipline report of
/// online enticement; a ring of 20 accounts sending one script is one case whose confirmation suspends all 20; a benign
/// conversation raises nothing and keeps no text; pattern banks import and export; bad input is refused.
/// </summary>
public abstract class MessageSignalTests : IAsyncLifetime
{
    private const string Threat = "send me $500 in gift cards or i will send your pics to all your followers";

    private readonly List<RunningServer> _servers = [];

    private TestDatabase _database = null!;

    private string _admin = "";

    private string _platform = "";

    private string _reviewer = "";

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        await using var store = await BankStore.OpenAsync(_database.Options);
        var keys = new ApiKeyStore(store);
        _admin = (await keys.CreateAsync("admin", ApiKeyRole.Admin)).Secret;
        _platform = (await keys.CreateAsync("platform", ApiKeyRole.Platform)).Secret;
        _reviewer = (await keys.CreateAsync("reviewer", ApiKeyRole.Reviewer)).Secret;
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
    public async Task A_sextortion_of_a_declared_13_year_old_is_a_case_and_the_platform_is_told_to_protect_the_child_before_the_threat_is_answered()
    {
        // Given a platform listening for webhooks
        await using var receiver = new WebhookReceiver("secret-" + Guid.NewGuid().ToString("N"));
        var server = await StartAsync(o =>
        {
            (o.Webhooks.Url, o.Webhooks.Secret) = (receiver.Address.ToString(), receiver.Secret);
            (o.CyberTip.Reporter.Email, o.CyberTip.Reporter.Company) = ("safety@platform.example", "Example Platform");
        });
        using var platform = server.Client(_platform);
        using var reviewer = server.Client(_reviewer);
        var at = new DateTimeOffset(2026, 11, 2, 21, 0, 0, TimeSpan.Zero);

        // When an unknown adult asks a declared 13-year-old how old they are and for a picture, and gets one
        var first = await SendAsync(platform,
            Message("c-1", "m1", "adult-1", "child-1", at, "hey you're cute, how old are you?"),
            Message("c-1", "m2", "child-1", "adult-1", at.AddMinutes(1), "13", fromChild: true),
            Message("c-1", "m3", "adult-1", "child-1", at.AddMinutes(2), "send me a pic of you"),
            Message("c-1", "m4", "child-1", "adult-1", at.AddMinutes(3), null, fromChild: true, attachments: [new { md5 = Hex(1, 16) }]));
        Assert.Equal(4, (int)first["observed"]!);
        Assert.DoesNotContain(receiver.Received, e => e.Type == "conversation.protect_recipient" && (string)e.Body["kind"]! == "sextortion");

        // And then threatens to send it to the child's followers unless paid
        var threat = await SendAsync(platform, Message("c-1", "m5", "adult-1", "child-1", at.AddMinutes(4), Threat));

        // Then the answer names a sextortion case, and the protection webhook had already arrived when it came
        var signal = threat["signals"]!.AsArray().Single(s => (string)s!["kind"]! == "sextortion")!;
        var caseId = (long)signal["case_id"]!;
        var protect = receiver.Received.Where(e => e.Type == "conversation.protect_recipient").Select(e => e.Body).Last(b => (string)b["kind"]! == "sextortion");
        Assert.Equal(("c-1", caseId, "adult-1", "child-1", true), ((string)protect["conversation_id"]!, (long)protect["case_id"]!, (string)protect["suspect_id"]!, (string)protect["recipient_id"]!, (bool)protect["recipient_minor"]!));
        Assert.Equal(["warn_recipient", "limit_sender_contact_with_minors"], protect["actions"]!.AsArray().Select(a => (string)a!).ToArray());
        Assert.StartsWith("https://takeitdown.ncmec.org", (string)protect["help_url"]!, StringComparison.Ordinal);
        Assert.Contains("not in trouble", (string)protect["message"]!, StringComparison.Ordinal);

        // At a child's priority, the conversation restricted, the reviewer shown which messages and rules
        var shown = await (await reviewer.GetAsync($"/v1/cases/{caseId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("child_safety", "open", true, "conversation:c-1", "restricted"),
            ((string)shown["level"]!, (string)shown["state"]!, (bool)shown["child_safety"]!, (string)shown["content_id"]!, (string)shown["content_status"]!));
        var conversation = Assert.Single((await (await reviewer.GetAsync($"/v1/cases/{caseId}/conversations")).JsonAsync(HttpStatusCode.OK)).AsArray())!;
        Assert.Equal(("sextortion", "sextortion.sequence", "adult-1", "child-1"),
            ((string)conversation["raised"]!, (string)conversation["rule"]!, (string)conversation["suspect_id"]!, (string)conversation["target_id"]!));
        var evidence = conversation["evidence"]!.AsArray();
        Assert.Contains(evidence, e => (string)e!["message_id"]! == "m5" && (string?)e["category"] == "threat_to_share");
        Assert.Contains(evidence, e => (string)e!["message_id"]! == "m3" && (string?)e["category"] == "picture_request");
        Assert.Contains(evidence, e => (string)e!["message_id"]! == "m4" && (string)e["rule"]! == "media-after-request");
        Assert.Contains(conversation["kept"]!.AsArray(), m => (string)m!["message_id"]! == "m5" && (string)m["text"]! == Threat);
        var dossier = await (await reviewer.GetAsync($"/v1/cases/{caseId}/dossier")).JsonAsync(HttpStatusCode.OK);
        var report = dossier["reports"]!["items"]!.AsArray().Last()!;
        Assert.Equal(("sextortion", "message_signal"), ((string)report["category"]!, (string)report["source"]!));
        Assert.Contains("sextortion.sequence scored", (string)report["text"]!, StringComparison.Ordinal);

        // When a reviewer confirms it
        await (await reviewer.PostJsonAsync($"/v1/cases/{caseId}/claim", new { })).JsonAsync(HttpStatusCode.OK);
        var decided = await (await reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "confirm_violation", reason = "sextortion of a child" })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("confirmed", (string)decided["state"]!);

        // Then the sender is suspended, the conversation preserved as evidence, and a text-only CyberTipline report of
        // online enticement drafted with the messages as its chat, valid against NCMEC's schema
        await receiver.WaitForActionAsync("suspended", "adult-1");
        var listed = await (await reviewer.GetAsync($"/v1/cases/{caseId}/evidence")).JsonAsync(HttpStatusCode.OK);
        var items = listed["items"]!.AsArray();
        var item = items.Single(i => (string)i!["content_id"]! == "conversation:c-1")!;
        Assert.Equal(("preserved", "application/json"), ((string)item["state"]!, (string)item["media_type"]!));
        var draft = await (await reviewer.GetAsync($"/v1/cases/{caseId}/cybertip")).JsonAsync(HttpStatusCode.OK);
        var xml = (string?)draft["xml"] ?? throw new InvalidOperationException(draft.ToJsonString());
        Assert.True(CyberTipSchema.Validate(xml).Count == 0, string.Join("\n", CyberTipSchema.Validate(xml)) + "\n" + xml);
        Assert.Contains("Online Enticement of Children for Sexual Acts", xml, StringComparison.Ordinal);
        Assert.Contains("gift cards", xml, StringComparison.Ordinal);
        Assert.Contains("adult-1", xml, StringComparison.Ordinal);
        Assert.Contains("message m3, not kept", xml, StringComparison.Ordinal); // an earlier message, by the words its rule matched
        Assert.Contains("[picture_request]", xml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ring_of_20_accounts_sending_one_script_is_one_case_and_its_confirmation_suspends_all_20()
    {
        await using var receiver = new WebhookReceiver("secret-" + Guid.NewGuid().ToString("N"));
        var server = await StartAsync(o => (o.Webhooks.Url, o.Webhooks.Secret) = (receiver.Address.ToString(), receiver.Secret));
        using var platform = server.Client(_platform);
        using var reviewer = server.Client(_reviewer);
        var at = new DateTimeOffset(2026, 11, 3, 20, 0, 0, TimeSpan.Zero);

        // Given 20 accounts each running the same script on a different declared minor
        var cases = new HashSet<long>();
        for (var i = 0; i < 20; i++)
        {
            var (c, adult, child) = ($"ring-{i}", $"ring-account-{i}", $"ring-child-{i}");
            var answer = await SendAsync(platform,
                Message(c, "m1", adult, child, at, "hi there, you seem really mature, send me a pic"),
                Message(c, "m2", child, adult, at.AddMinutes(1), null, fromChild: true, attachments: [new { sha256 = Hex(100 + i, 32) }]),
                Message(c, "m3", adult, child, at.AddMinutes(2), Threat));
            var signal = answer["signals"]!.AsArray().Last(s => (string)s!["kind"]! == "sextortion")!;
            cases.Add((long)signal["case_id"]!);
            Assert.Equal(i > 0, (bool)signal["joined"]!);
        }

        // Then they are one case, every child still protected by its own webhook
        var caseId = Assert.Single(cases);
        Assert.Equal(20, receiver.Received.Count(e => e.Type == "conversation.protect_recipient" && (string)e.Body["kind"]! == "sextortion"));
        var conversations = (await (await reviewer.GetAsync($"/v1/cases/{caseId}/conversations")).JsonAsync(HttpStatusCode.OK)).AsArray();
        Assert.Equal(20, conversations.Count);

        // When it is confirmed, all 20 accounts are suspended
        await (await reviewer.PostJsonAsync($"/v1/cases/{caseId}/claim", new { })).JsonAsync(HttpStatusCode.OK);
        await (await reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "confirm_violation", reason = "sextortion ring" })).JsonAsync(HttpStatusCode.OK);
        await using var store = await BankStore.OpenAsync(_database.Options);
        await using var db = store.CreateContext();
        var suspended = await db.SuspendedAccounts.Where(a => a.CaseId == caseId).Select(a => a.AccountId).ToListAsync();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"ring-account-{i}").Order(StringComparer.Ordinal), suspended.Order(StringComparer.Ordinal));
        Assert.Equal(20, await db.Evidence.CountAsync(e => e.CaseId == caseId && e.State == Aegis.Core.Evidence.EvidenceState.Preserved));
    }

    [Fact]
    public async Task A_benign_conversation_that_looks_close_raises_nothing_and_keeps_no_text_and_a_batch_sent_twice_is_read_once()
    {
        var server = await StartAsync();
        using var platform = server.Client(_platform);
        var at = new DateTimeOffset(2026, 11, 4, 18, 0, 0, TimeSpan.Zero);
        object[] batch =
        [
            Message("friends", "m1", "sam", "alex", at, "lol that photo of you at the party is hilarious", adult: true, connected: true),
            Message("friends", "m2", "alex", "sam", at.AddMinutes(1), "delete it or i'll send your karaoke video to everyone haha", adult: true, connected: true),
            Message("friends", "m3", "sam", "alex", at.AddMinutes(2), "ok ok, still owe me that $20 amazon gift card for the game btw", adult: true, connected: true),
        ];
        var answer = await SendAsync(platform, batch);
        Assert.Equal((3, 0, 0), ((int)answer["observed"]!, (int)answer["skipped"]!, answer["signals"]!.AsArray().Count));

        var again = await SendAsync(platform, batch);
        Assert.Equal((0, 3), ((int)again["observed"]!, (int)again["skipped"]!));

        await using var store = await BankStore.OpenAsync(_database.Options);
        await using var db = store.CreateContext();
        Assert.Equal(0, await db.ConversationMessages.CountAsync());
        Assert.Equal(0, await db.Cases.CountAsync());
        var row = await db.Conversations.SingleAsync();
        Assert.Equal((3, 1), (row.Messages, row.Version)); // the second sending wrote nothing
    }

    [Fact]
    public async Task A_picture_a_child_protected_on_the_protect_page_sent_in_a_message_raises_sextortion_at_once_and_known_material_is_exploitation()
    {
        var server = await StartAsync();
        using var platform = server.Client(_platform);
        using var admin = server.Client(_admin);
        using var person = server.Client(null);
        var at = new DateTimeOffset(2026, 11, 8, 9, 0, 0, TimeSpan.Zero);

        // Given a picture a 14-year-old protected through the protect page, and a bank of known material (stand-ins)
        var (protectedMd5, knownMd5) = (Hex(21, 16), Hex(22, 16));
        await (await person.PostJsonAsync("/protect/v1/submissions", new
        {
            statement = "self_minor",
            files = new[] { new { kind = "image", md5 = protectedMd5, sha256 = Hex(23, 32), pdq = Array.Empty<object>() } },
        })).JsonAsync(HttpStatusCode.Created);
        await (await admin.PostJsonAsync("/v1/banks", new { name = "known", action = "block" })).JsonAsync(HttpStatusCode.Created);
        await (await admin.PostJsonAsync("/v1/banks/known/entries", new { signal_type = "md5", value = knownMd5 })).JsonAsync(HttpStatusCode.Created);

        // When an account sends that picture to someone, with no words at all
        var leverage = await SendAsync(platform, Message("lever", "m1", "holder", "friend-of-victim", at, null, attachments: [new { md5 = protectedMd5 }]));
        var known = await SendAsync(platform, Message("trade", "m1", "trader", "buyer", at, null, adult: true, attachments: [new { md5 = knownMd5 }]));

        // Then the first is sextortion and the second child sexual exploitation, each its own case
        Assert.Equal("sextortion", (string)Assert.Single(leverage["signals"]!.AsArray())!["kind"]!);
        Assert.Equal("child_sexual_exploitation", (string)Assert.Single(known["signals"]!.AsArray())!["kind"]!);
        using var reviewer = server.Client(_reviewer);
        var caseId = (long)leverage["signals"]![0]!["case_id"]!;
        var conversation = Assert.Single((await (await reviewer.GetAsync($"/v1/cases/{caseId}/conversations")).JsonAsync(HttpStatusCode.OK)).AsArray())!;
        Assert.Equal(("media.bank_match", "holder"), ((string)conversation["rule"]!, (string)conversation["suspect_id"]!));
        Assert.Contains("self-submitted", (string)Assert.Single(conversation["kept"]!.AsArray())!["attachments"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sender_opening_conversations_with_five_unconnected_minors_in_a_day_is_a_grooming_case_on_the_account()
    {
        var server = await StartAsync();
        using var platform = server.Client(_platform);
        using var reviewer = server.Client(_reviewer);
        var at = new DateTimeOffset(2026, 11, 7, 9, 0, 0, TimeSpan.Zero);

        // Four unconnected minors, one connected (a cousin), and one a week earlier: not yet five within 24 hours
        await SendAsync(platform, Message("old", "m1", "collector", "kid-old", at.AddDays(-7), "hey"));
        await SendAsync(platform, Message("cousin", "m1", "collector", "kid-cousin", at, "hey", connected: true));
        for (var i = 0; i < 4; i++)
        {
            var quiet = await SendAsync(platform, Message($"out-{i}", "m1", "collector", $"kid-{i}", at.AddHours(i), "hey"));
            Assert.Empty(quiet["signals"]!.AsArray());
        }

        // The fifth within the day raises the rule on the account itself
        var fifth = await SendAsync(platform, Message("out-4", "m1", "collector", "kid-4", at.AddHours(5), "hey"));
        var signal = Assert.Single(fifth["signals"]!.AsArray())!;
        Assert.Equal(("account:collector", "grooming"), ((string)signal["conversation_id"]!, (string)signal["kind"]!));
        var shown = await (await reviewer.GetAsync($"/v1/cases/{(long)signal["case_id"]!}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("child_safety", "account:collector"), ((string)shown["level"]!, (string)shown["content_id"]!));
        var dossier = await (await reviewer.GetAsync($"/v1/cases/{(long)signal["case_id"]!}/dossier")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains("accounts.minor-outreach: collector opened 5 conversations", (string)dossier["reports"]!["items"]![0]!["text"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pattern_banks_are_imported_exported_and_used_and_bad_input_is_refused_with_the_field_named()
    {
        var server = await StartAsync(o => o.Signals.StarterBanks = false);
        using var platform = server.Client(_platform);
        using var admin = server.Client(_admin);
        using var reviewer = server.Client(_reviewer);

        // A curator's bank, in the exchange format, round-trips and is used from the next batch
        var bank = """
            {"format":"aegis-pattern-bank","format_version":1,"name":"platform-en","version":"2026-12-01","language":"en"}
            {"id":"t1","category":"threat_to_share","phrase":"post your photos on the school page","weight":1.0}
            {"id":"p1","category":"picture_request","phrase":"show me a photo","weight":1.0}
            {"id":"d1","category":"payment_demand","phrase":"pay me","weight":1.0}
            """;
        using (var put = new StringContent(bank, System.Text.Encoding.UTF8, "application/x-ndjson"))
        {
            var created = await (await admin.PutAsync("/v1/signals/banks/platform-en", put)).JsonAsync(HttpStatusCode.Created);
            Assert.Equal(("2026-12-01", 3), ((string)created["version"]!, (int)created["entries"]!));
        }

        var exported = await admin.GetStringAsync("/v1/signals/banks/platform-en");
        Assert.Contains("post your photos on the school page", exported, StringComparison.Ordinal);
        Assert.Contains("aegis-starter-es", await admin.GetStringAsync("/v1/signals/banks/starter:aegis-starter-es"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.GetAsync("/v1/signals/banks/platform-en")).StatusCode);
        var at = new DateTimeOffset(2026, 11, 5, 18, 0, 0, TimeSpan.Zero);
        var answer = await SendAsync(platform,
            Message("custom", "m1", "adult-9", "child-9", at, "show me a photo"),
            Message("custom", "m2", "child-9", "adult-9", at.AddMinutes(1), null, fromChild: true, attachments: [new { md5 = Hex(9, 16) }]),
            Message("custom", "m3", "adult-9", "child-9", at.AddMinutes(2), "pay me or i post your photos on the school page"));
        Assert.Equal("sextortion", (string)answer["signals"]![0]!["kind"]!);

        using (var bad = new StringContent("{\"format\":\"aegis-pattern-bank\",\"format_version\":1,\"name\":\"x\",\"version\":\"1\",\"language\":\"en\"}\n{\"id\":\"a\",\"category\":\"nonsense\",\"phrase\":\"x\"}", System.Text.Encoding.UTF8, "application/x-ndjson"))
        {
            var refused = await (await admin.PutAsync("/v1/signals/banks/x", bad)).JsonAsync(HttpStatusCode.BadRequest);
            Assert.Contains("line 2", (string)refused["detail"]!, StringComparison.Ordinal);
        }

        // Bad messages: the field named, nothing stored
        await RefusedAsync(platform, new { messages = new[] { new { message_id = "m", sender_id = "a", sent_at = at } } }, "messages[0].conversation_id");
        await RefusedAsync(platform, new { messages = new[] { new { conversation_id = "c", message_id = "m", sender_id = "a" } } }, "messages[0].sent_at");
        await RefusedAsync(platform, new { messages = new[] { new { conversation_id = "c", message_id = "m", sender_id = "a", sent_at = at, recipient = new { age_band = "twelve" } } } }, "messages[0].recipient.age_band");
        await RefusedAsync(platform, new { messages = new[] { new { conversation_id = "c", message_id = "m", sender_id = "a", sent_at = at, features = new[] { "rude" } } } }, "messages[0].features[0]");
        await RefusedAsync(platform, new { messages = new[] { new { conversation_id = "c", message_id = "m", sender_id = "a", sent_at = at, attachments = new[] { new { md5 = "zz" } } } } }, "messages[0].attachments[0]");
        await RefusedAsync(platform, new { messages = Array.Empty<object>() }, "messages");
        var tooMany = Enumerable.Range(0, 501).Select(i => new { conversation_id = "c", message_id = $"m{i}", sender_id = "a", sent_at = at }).ToArray();
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await platform.PostJsonAsync("/v1/messages", new { messages = tooMany })).StatusCode);
        using (var broken = new StringContent("{\"messages\": [", System.Text.Encoding.UTF8, "application/json"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await platform.PostAsync("/v1/messages", broken)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await reviewer.PostJsonAsync("/v1/messages", new { messages = tooMany[..1] })).StatusCode);
        using var nobody = server.Client(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await nobody.PostJsonAsync("/v1/messages", new { messages = tooMany[..1] })).StatusCode);
        await using var store = await BankStore.OpenAsync(_database.Options);
        await using var db = store.CreateContext();
        Assert.False(await db.Conversations.AnyAsync(c => c.ConversationId == "c"));
    }

    /// <summary>A message: from an adult to a declared 13-to-15-year-old, or back (<paramref name="fromChild"/>).</summary>
    internal static object Message(
        string conversation, string id, string sender, string recipient, DateTimeOffset at, string? text, bool fromChild = false, object[]? attachments = null, bool adult = false, bool connected = false) => new
    {
        conversation_id = conversation,
        message_id = id,
        sender_id = sender,
        recipient_ids = new[] { recipient },
        sent_at = at,
        text,
        attachments,
        sender = new { age_band = fromChild && !adult ? "13_15" : "adult" },
        recipient = new { age_band = fromChild || adult ? "adult" : "13_15" },
        connected,
    };

    internal static async Task<JsonNode> SendAsync(HttpClient platform, params object[] messages) =>
        await (await platform.PostJsonAsync("/v1/messages", new { messages })).JsonAsync(HttpStatusCode.OK);

    private static async Task RefusedAsync(HttpClient platform, object body, string mentions)
    {
        var problem = await (await platform.PostJsonAsync("/v1/messages", body)).JsonAsync(HttpStatusCode.BadRequest);
        Assert.Contains(mentions, (string)problem["detail"]!, StringComparison.Ordinal);
    }

    private async Task<RunningServer> StartAsync(Action<ServerOptions>? configure = null)
    {
        var server = await RunningServer.StartAsync(_database.Options, configure);
        _servers.Add(server);
        return server;
    }

    private static string Hex(int seed, int bytes)
    {
        var value = new byte[bytes];
        new Random(seed).NextBytes(value);
        return Convert.ToHexStringLower(value);
    }
}

/// <summary>On SQLite.</summary>
public sealed class SqliteMessageSignalTests : MessageSignalTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

/// <summary>On PostgreSQL.</summary>
public sealed class PostgresMessageSignalTests : MessageSignalTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();
}
