using System.Net;
using System.Text.Json.Nodes;
using Aegis.Core.Protect;
using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video;
using Aegis.Hashing.Video.Formats;
using Aegis.Server.Hosting;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Server.Tests.Protect;

/// <summary>
/// The protect page's API against a real server: a person's hashes (stand-ins: random hashes of no picture) restrict
/// every copy and reshare already up into one critical case before the answer returns, later uploads are held and join
/// it, the receipt counts, and a withdrawal gives back what was only held. Bad input, limits and the flood threshold.
/// </summary>
public abstract class ProtectApiTests : IAsyncLifetime
{
    private readonly List<RunningServer> _servers = [];

    private TestDatabase _database = null!;

    private string _admin = "";

    private string _platform = "";

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        await using var store = await BankStore.OpenAsync(_database.Options);
        var keys = new ApiKeyStore(store);
        _admin = (await keys.CreateAsync("admin", ApiKeyRole.Admin)).Secret;
        _platform = (await keys.CreateAsync("platform", ApiKeyRole.Platform)).Secret;
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
    public async Task A_submission_restricts_every_copy_and_reshare_into_one_case_before_it_answers_holds_later_uploads_in_it_and_a_withdrawal_gives_them_back()
    {
        var server = await StartAsync();
        using var platform = server.Client(_platform);
        using var admin = server.Client(_admin);
        using var person = server.Client(null);

        // Given a picture, a reshare of it, a near copy, a second picture known only by its bytes, a video, and an unrelated item
        var (pictureA, md5A, md5B) = (Hex(1, 32), Hex(2, 16), Hex(3, 16));
        var frames = Enumerable.Range(0, 6).Select(i => Hex(100 + i, 32)).ToList();
        await LookupAsync(platform, "pic-a", new { pdq = pictureA, md5 = md5A });
        await LookupAsync(platform, "pic-a-reshare", new { md5 = Hex(4, 16) }, parent: "pic-a");
        await LookupAsync(platform, "pic-a-near", new { pdq = Flip(pictureA, 5) });
        await LookupAsync(platform, "pic-b", new { md5 = md5B });
        await LookupAsync(platform, "video", new { vpdq = Video(frames) });
        await LookupAsync(platform, "unrelated", new { pdq = Hex(9, 32) });

        // When the person shown, who was under 18, submits the two pictures (the second too plain for PDQ) and the video
        var answer = await (await person.PostJsonAsync("/protect/v1/submissions", new
        {
            statement = "self_minor",
            contact = "a friend's phone",
            files = new object[]
            {
                new { kind = "image", md5 = md5A, sha256 = Hex(5, 32), pdq = new[] { new { hash = pictureA, quality = 92 } } },
                new { kind = "image", md5 = md5B, sha256 = Hex(6, 32), pdq = new[] { new { hash = Hex(7, 32), quality = 20 } } },
                new { kind = "video", md5 = Hex(8, 16), sha256 = Hex(10, 32), pdq = frames.Select((h, i) => new { hash = h, quality = 80, second = i }).ToArray() },
            },
        })).JsonAsync(HttpStatusCode.Created);

        // Then every match and reshare was restricted when the answer came, the unrelated item left alone
        var receipt = (string)answer["receipt"]!;
        Assert.Matches("^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$", receipt);
        Assert.Equal("/protect/receipt#" + receipt, (string)answer["receipt_url"]!);
        Assert.Equal(ProtectRules.PlainPictureNote, (string)answer["files"]![1]!["note"]!);
        Assert.Null(answer["files"]![0]!["note"]);
        Assert.Equal((4, 5, 0), ((int)answer["found"]!, (int)answer["restricted"]!, (int)answer["held_for_review"]!));
        foreach (var id in new[] { "pic-a", "pic-a-reshare", "pic-a-near", "pic-b", "video" })
        {
            Assert.Equal("restricted", await StatusAsync(platform, id));
        }

        Assert.Equal("visible", await StatusAsync(platform, "unrelated"));

        // In one case at the person shown's priority, with their statement as its report, and the contact sealed
        var caseIds = await CaseIdsAsync();
        var caseId = Assert.Single(caseIds);
        var shown = await (await admin.GetAsync($"/v1/cases/{caseId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(("critical", "open", true), ((string)shown["level"]!, (string)shown["state"]!, (bool)shown["child_safety"]!));
        var dossier = await (await admin.GetAsync($"/v1/cases/{caseId}/dossier")).JsonAsync(HttpStatusCode.OK);
        var report = Assert.Single(dossier["reports"]!["items"]!.AsArray());
        Assert.Equal(("victim", true), ((string)report!["reporter"]!, (bool)report["subject_was_minor"]!));
        Assert.Contains("I was under 18", (string)report["text"]!, StringComparison.Ordinal);
        Assert.False(await StoredAnywhereAsync("a friend's phone"));

        // When the picture is uploaded again, slightly changed
        var again = await LookupAsync(platform, "pic-a-again", new { pdq = Flip(pictureA, 3) });

        // Then it is held and joins the same case; the receipt counts it
        Assert.Equal(("hold", caseId), ((string)again["verdict"]!, (long)again["case_id"]!));
        Assert.Equal("restricted", await StatusAsync(platform, "pic-a-again"));
        Assert.Equal([caseId], await CaseIdsAsync());
        var standing = await (await person.PostJsonAsync("/protect/v1/receipt", new { receipt = receipt.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal) })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((5, 6, 1, 0, true), ((int)standing["found"]!, (int)standing["restricted"]!, (int)standing["held_for_review"]!, (int)standing["removed"]!, (bool)standing["under_review"]!));
        Assert.Equal(("self_minor", 3), ((string)standing["statement"]!, (int)standing["files"]!));

        // When the person withdraws
        var withdrawn = await (await person.PostJsonAsync("/protect/v1/receipt/withdraw", new { receipt })).JsonAsync(HttpStatusCode.OK);

        // Then what was only held is shown again, the hashes no longer hold uploads, and the receipt says so
        Assert.Equal(6, (int)withdrawn["lifted"]!);
        foreach (var id in new[] { "pic-a", "pic-a-reshare", "pic-a-near", "pic-b", "video", "pic-a-again" })
        {
            Assert.Equal("visible", await StatusAsync(platform, id));
        }

        Assert.Equal("allow", (string)(await LookupAsync(platform, "pic-a-later", new { pdq = pictureA }))["verdict"]!);
        var after = await (await person.PostJsonAsync("/protect/v1/receipt", new { receipt })).JsonAsync(HttpStatusCode.OK);
        Assert.NotNull(after["withdrawn_at"]);
        Assert.False((bool)after["under_review"]!);
        await (await person.PostJsonAsync("/protect/v1/receipt/withdraw", new { receipt })).JsonAsync(HttpStatusCode.Conflict);
        Assert.Equal(1, await AuditCountAsync("protect.submitted"));
        Assert.Equal(1, await AuditCountAsync("protect.withdrawn"));
    }

    [Fact]
    public async Task With_nothing_up_yet_the_first_matching_upload_opens_the_case_with_the_statement_and_the_next_joins_it()
    {
        var server = await StartAsync();
        using var platform = server.Client(_platform);
        using var admin = server.Client(_admin);
        using var person = server.Client(null);
        var picture = Hex(21, 32);

        var answer = await (await person.PostJsonAsync("/protect/v1/submissions", new
        {
            statement = "guardian",
            files = new[] { new { kind = "image", md5 = Hex(22, 16), sha256 = Hex(23, 32), pdq = new[] { new { hash = picture, quality = 70 } } } },
        })).JsonAsync(HttpStatusCode.Created);
        Assert.Equal((0, 0), ((int)answer["found"]!, (int)answer["restricted"]!));

        var first = await LookupAsync(platform, "first", new { pdq = Flip(picture, 2) });
        var second = await LookupAsync(platform, "second", new { md5 = Hex(22, 16) });
        Assert.Equal(("hold", "hold"), ((string)first["verdict"]!, (string)second["verdict"]!));
        Assert.Equal((long)first["case_id"]!, (long)second["case_id"]!);
        var dossier = await (await admin.GetAsync($"/v1/cases/{(long)first["case_id"]!}/dossier")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("critical", (string)dossier["case"]!["level"]!);
        Assert.Contains("parent or guardian", (string)Assert.Single(dossier["reports"]!["items"]!.AsArray())!["text"]!, StringComparison.Ordinal);
        var standing = await (await person.PostJsonAsync("/protect/v1/receipt", new { receipt = (string)answer["receipt"]! })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((2, 2, 2), ((int)standing["found"]!, (int)standing["restricted"]!, (int)standing["held_for_review"]!));
    }

    [Fact]
    public async Task Bad_submissions_and_receipts_get_a_clear_4xx_and_nothing_is_stored()
    {
        var server = await StartAsync();
        using var person = server.Client(null);
        var image = new { kind = "image", md5 = Hex(31, 16), sha256 = Hex(32, 32), pdq = new[] { new { hash = Hex(33, 32), quality = 90 } } };

        await RefusedAsync(person, new { files = new[] { image } }, HttpStatusCode.BadRequest, "statement");
        await RefusedAsync(person, new { statement = "someone", files = new[] { image } }, HttpStatusCode.BadRequest, "statement");
        await RefusedAsync(person, new { statement = "self_adult", files = Array.Empty<object>() }, HttpStatusCode.BadRequest, "files");
        await RefusedAsync(person, new { statement = "self_adult", files = Enumerable.Repeat(image, 21).ToArray() }, HttpStatusCode.RequestEntityTooLarge, "at most 20 files");
        await RefusedAsync(person, new { statement = "self_adult", files = new[] { new { kind = "image", md5 = "zz", sha256 = Hex(32, 32), pdq = Array.Empty<object>() } } }, HttpStatusCode.BadRequest, "files[0].md5");
        await RefusedAsync(person, new { statement = "self_adult", files = new[] { new { kind = "image", md5 = Hex(31, 16), sha256 = Hex(32, 32), pdq = new[] { new { hash = Hex(33, 32), quality = 101 } } } } }, HttpStatusCode.BadRequest, "files[0].pdq[0].quality");
        await RefusedAsync(person, new { statement = "self_adult", files = new[] { new { kind = "picture", md5 = Hex(31, 16), sha256 = Hex(32, 32) } } }, HttpStatusCode.BadRequest, "files[0].kind");
        await RefusedAsync(person, new { statement = "self_adult", files = new[] { image }, name = "my name" }, HttpStatusCode.BadRequest, "name");
        var frames = Enumerable.Range(0, 1201).Select(i => new { hash = Hex(33, 32), quality = 90, second = i }).ToArray();
        await RefusedAsync(person, new { statement = "self_adult", files = new[] { new { kind = "video", md5 = Hex(31, 16), sha256 = Hex(32, 32), pdq = frames } } }, HttpStatusCode.RequestEntityTooLarge, "1200 frames");
        using (var bad = new StringContent("{\"statement\": \"self_adult\", \"files\": [", System.Text.Encoding.UTF8, "application/json"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await person.PostAsync("/protect/v1/submissions", bad)).StatusCode);
        }

        foreach (var code in new[] { "", "not-a-code", "AAAAA-AAAAA-AAAAA-AAAAA", new string('A', 500) })
        {
            await (await person.PostJsonAsync("/protect/v1/receipt", new { receipt = code })).JsonAsync(HttpStatusCode.NotFound);
            await (await person.PostJsonAsync("/protect/v1/receipt/withdraw", new { receipt = code })).JsonAsync(HttpStatusCode.NotFound);
        }

        await using var store = await BankStore.OpenAsync(_database.Options);
        await using var db = store.CreateContext();
        Assert.Equal(0, await db.ProtectSubmissions.CountAsync());
    }

    [Fact]
    public async Task Limits_per_address_and_receipt_answer_429_and_a_disabled_page_is_404()
    {
        var server = await StartAsync(o => (o.Protect.SubmissionsPerHour, o.Protect.ReceiptChecksPerHour) = (2, 3));
        using var person = server.Client(null);
        var body = new { statement = "self_adult", files = new[] { new { kind = "image", md5 = Hex(41, 16), sha256 = Hex(42, 32), pdq = Array.Empty<object>() } } };
        var receipt = (string)(await (await person.PostJsonAsync("/protect/v1/submissions", body)).JsonAsync(HttpStatusCode.Created))["receipt"]!;
        await (await person.PostJsonAsync("/protect/v1/submissions", body)).JsonAsync(HttpStatusCode.Created);
        var refused = await person.PostJsonAsync("/protect/v1/submissions", body);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        for (var i = 0; i < 3; i++)
        {
            await (await person.PostJsonAsync("/protect/v1/receipt", new { receipt })).JsonAsync(HttpStatusCode.OK);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await person.PostJsonAsync("/protect/v1/receipt", new { receipt })).StatusCode);

        var off = await StartAsync(o => o.Protect.Enabled = false);
        using var nobody = off.Client(null);
        await (await nobody.PostJsonAsync("/protect/v1/submissions", body)).JsonAsync(HttpStatusCode.NotFound);
        await (await nobody.PostJsonAsync("/protect/v1/receipt", new { receipt })).JsonAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_hash_matching_far_more_items_than_a_persons_pictures_restricts_nothing_and_is_set_aside_for_a_curator()
    {
        var server = await StartAsync(o => o.Protect.MaxMatchesPerHash = 3);
        using var platform = server.Client(_platform);
        using var person = server.Client(null);
        var meme = Hex(51, 16);
        for (var i = 0; i < 4; i++)
        {
            await LookupAsync(platform, $"meme-{i}", new { md5 = meme });
        }

        await LookupAsync(platform, "own", new { sha256 = Hex(52, 32) });
        var answer = await (await person.PostJsonAsync("/protect/v1/submissions", new
        {
            statement = "self_adult",
            files = new[] { new { kind = "image", md5 = meme, sha256 = Hex(52, 32), pdq = Array.Empty<object>() } },
        })).JsonAsync(HttpStatusCode.Created);

        Assert.Equal((1, 1), ((int)answer["found"]!, (int)answer["restricted"]!));
        Assert.Equal("restricted", await StatusAsync(platform, "own"));
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("visible", await StatusAsync(platform, $"meme-{i}"));
        }

        Assert.Equal("allow", (string)(await LookupAsync(platform, "meme-new", new { md5 = meme }))["verdict"]!);
        Assert.Equal(1, await AuditCountAsync("protect.hash_quarantined"));
    }

    [Fact]
    public async Task A_submitted_hash_holding_more_uploads_than_a_persons_pictures_could_is_set_aside_after_the_limit()
    {
        var server = await StartAsync(o => o.Protect.MaxMatchesPerHash = 3);
        using var platform = server.Client(_platform);
        using var person = server.Client(null);
        var meme = Hex(71, 16);
        await (await person.PostJsonAsync("/protect/v1/submissions", new
        {
            statement = "self_adult",
            files = new[] { new { kind = "image", md5 = meme, sha256 = Hex(72, 32), pdq = Array.Empty<object>() } },
        })).JsonAsync(HttpStatusCode.Created);

        // The first four are held (the fourth passes the limit and sets the hash aside); then uploads are not held
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal("hold", (string)(await LookupAsync(platform, $"flood-{i}", new { md5 = meme }))["verdict"]!);
        }

        Assert.Equal(1, await AuditCountAsync("protect.hash_quarantined"));
        await Waits.UntilAsync(
            async () => (string)(await (await platform.PostJsonAsync("/v1/lookup", new { md5 = meme })).JsonAsync(HttpStatusCode.OK))["verdict"]! == "allow",
            "the set-aside hash no longer holds");
        Assert.Equal("allow", (string)(await LookupAsync(platform, "flood-next", new { md5 = meme }))["verdict"]!);
    }

    [Fact]
    public async Task With_exact_digests_blocking_a_byte_identical_upload_is_blocked()
    {
        var server = await StartAsync(o => o.Protect.ExactDigestsBlock = true);
        using var platform = server.Client(_platform);
        using var person = server.Client(null);
        var md5 = Hex(61, 16);
        await (await person.PostJsonAsync("/protect/v1/submissions", new
        {
            statement = "self_adult",
            files = new[] { new { kind = "image", md5, sha256 = Hex(62, 32), pdq = new[] { new { hash = Hex(63, 32), quality = 90 } } } },
        })).JsonAsync(HttpStatusCode.Created);

        Assert.Equal("block", (string)(await LookupAsync(platform, "exact", new { md5 }))["verdict"]!);
        Assert.Equal("hold", (string)(await LookupAsync(platform, "changed", new { pdq = Flip(Hex(63, 32), 4) }))["verdict"]!);
    }

    private async Task<RunningServer> StartAsync(Action<ServerOptions>? configure = null)
    {
        var server = await RunningServer.StartAsync(_database.Options, o =>
        {
            o.Protect.SubmissionsPerHour = 1000;
            o.Protect.ReceiptChecksPerHour = 1000;
            configure?.Invoke(o);
        });
        _servers.Add(server);
        return server;
    }

    private static async Task RefusedAsync(HttpClient person, object body, HttpStatusCode status, string mentions)
    {
        var problem = await (await person.PostJsonAsync("/protect/v1/submissions", body)).JsonAsync(status);
        Assert.Contains(mentions, (string)problem["detail"]!, StringComparison.Ordinal);
    }

    private static async Task<JsonNode> LookupAsync(HttpClient platform, string id, object hashes, string? parent = null)
    {
        var body = new JsonObject { ["content_id"] = id, ["uploader_id"] = $"acct-{id}", ["parent_content_id"] = parent };
        foreach (var (name, value) in JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(hashes))!.AsObject())
        {
            body[name] = value!.DeepClone();
        }

        return await (await platform.PostJsonAsync("/v1/lookup", body)).JsonAsync(HttpStatusCode.OK);
    }

    private static async Task<string> StatusAsync(HttpClient platform, string id) =>
        (string)(await (await platform.GetAsync($"/v1/contents/{id}")).JsonAsync(HttpStatusCode.OK))["status"]!;

    private async Task<List<long>> CaseIdsAsync()
    {
        await using var store = await BankStore.OpenAsync(_database.Options);
        await using var db = store.CreateContext();
        return await db.Cases.Select(c => c.Id).OrderBy(c => c).ToListAsync();
    }

    private async Task<int> AuditCountAsync(string action)
    {
        await using var store = await BankStore.OpenAsync(_database.Options);
        await using var db = store.CreateContext();
        return await db.AuditLog.CountAsync(a => a.Action == action);
    }

    /// <summary>Whether <paramref name="text"/> is in any submission, report, audit entry or webhook (the contact must be sealed).</summary>
    private async Task<bool> StoredAnywhereAsync(string text)
    {
        await using var store = await BankStore.OpenAsync(_database.Options);
        await using var db = store.CreateContext();
        var contacts = await db.ProtectSubmissions.Select(s => s.Contact).ToListAsync();
        return contacts.Any(c => c is not null && System.Text.Encoding.UTF8.GetString(c).Contains(text, StringComparison.Ordinal))
            || await db.Reports.AnyAsync(r => r.Text != null && r.Text.Contains(text))
            || await db.AuditLog.AnyAsync(a => a.Data != null && a.Data.Contains(text))
            || await db.Outbox.AnyAsync(o => o.Payload.Contains(text));
    }

    private static string Hex(int seed, int bytes)
    {
        var buffer = new byte[bytes];
        new Random(seed).NextBytes(buffer);
        return Convert.ToHexStringLower(buffer);
    }

    private static string Flip(string hex, int bits)
    {
        var hash = PdqHash.Parse(hex);
        var bytes = Convert.FromHexString(hash.ToString());
        for (var i = 0; i < bits; i++)
        {
            bytes[i] ^= 1;
        }

        return Convert.ToHexStringLower(bytes);
    }

    private static string Video(IReadOnlyList<string> frames) =>
        VpdqSignal.SerializeCanonical(frames.Select((h, i) => new VpdqFeature(PdqHash.Parse(h), i, 80, i)));
}

/// <summary>On SQLite.</summary>
public sealed class SqliteProtectApiTests : ProtectApiTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

/// <summary>On PostgreSQL.</summary>
public sealed class PostgresProtectApiTests : ProtectApiTests
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();
}
