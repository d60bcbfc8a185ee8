using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Aegis.Core.Cases;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Server.Tests;

/// <summary>
/// Issue 11's findings by an attacker with a platform key: exposure counts that overflowed the statistics, ids that
/// could not be read back, strings with no limit. Each test reproduces a finding and checks it is closed.
/// </summary>
public abstract partial class ServerTests
{
    [Fact]
    public async Task Stats_stay_200_after_the_overflow_attempt_and_whatever_rows_were_written_before()
    {
        // Given a store of its own (its statistics become absurd, which would spoil the class's other stats tests), with
        // two reported items
        await using var own = await OwnServerAsync();
        var a = NewName("flood");
        var b = NewName("flood");
        foreach (var id in new[] { a, b })
        {
            await (await own.Platform.PostJsonAsync("/v1/lookup", new { content_id = id, md5 = Md5Of(id) })).JsonAsync(HttpStatusCode.OK);
            await (await own.Platform.PostJsonAsync("/v1/reports", new { content_ids = new[] { id }, category = "other_policy" })).JsonAsync(HttpStatusCode.Created);
        }

        // When the attacker sends 2^63-1 views (what overflowed the sum before), and a negative count
        var overflow = await own.Platform.PostJsonAsync($"/v1/contents/{a}/exposure", new { views = long.MaxValue, shares = 0 });
        var negative = await own.Platform.PostJsonAsync($"/v1/contents/{a}/exposure", new { views = 0, shares = -1 });

        // Then both are refused naming the field, and the stats still answer
        Assert.Contains("views is a count from 0 to", (string)(await overflow.JsonAsync(HttpStatusCode.BadRequest))["detail"]!);
        Assert.Contains("shares is a count from 0 to", (string)(await negative.JsonAsync(HttpStatusCode.BadRequest))["detail"]!);

        // When both items are sent the largest count allowed instead
        foreach (var id in new[] { a, b })
        {
            var max = await own.Platform.PostJsonAsync($"/v1/contents/{id}/exposure", new { views = CaseExposure.MaxCount, shares = CaseExposure.MaxCount });
            Assert.Equal(HttpStatusCode.NoContent, max.StatusCode);
        }

        // Then the stats add them up exactly
        Assert.Equal(2 * CaseExposure.MaxCount, (long)(await StatsAsync(own.Reviewer))["views_after_first_report"]!);

        // When rows hold what no API call can write any more (counts written before the check, or by hand): both items at
        // 2^63-1 views, the finding itself (their sum overflows: SQLite's SUM fails with "integer overflow", PostgreSQL's
        // numeric sum no longer casts to bigint), and a restriction recorded at -2^63 (the difference overflows)
        await using (var store = await BankStore.OpenAsync(own.Database.Options))
        await using (var db = store.CreateContext())
        {
            await db.Contents.Where(c => c.ContentId == a || c.ContentId == b).ExecuteUpdateAsync(s => s.SetProperty(c => c.Views, long.MaxValue));
            var caseOfB = await db.Contents.Where(c => c.ContentId == b).Join(db.Cases, c => c.Id, x => x.ContentRowId, (c, x) => x.Id).SingleAsync();
            await db.Cases.Where(c => c.Id == caseOfB).ExecuteUpdateAsync(s => s
                .SetProperty(c => c.RestrictedAt, c => (long?)c.OpenedAt)
                .SetProperty(c => c.ViewsAtRestriction, long.MinValue));
        }

        // Then the stats still answer, the sums held at the largest count there is
        var stats = await StatsAsync(own.Reviewer);
        Assert.Equal((long.MaxValue, long.MaxValue), ((long)stats["views_after_first_report"]!, (long)stats["views_after_restriction"]!));
        Assert.Equal(2, (int)stats["cases"]!);
    }

    [Fact]
    public async Task The_platform_corrects_an_items_counts_lower_too_and_the_correction_is_audited()
    {
        // Given an item reported at 500 views that the platform then (wrongly) said had 10^15
        var id = NewName("counted");
        await (await Platform.PostJsonAsync("/v1/lookup", new { content_id = id, md5 = Md5Of(id) })).JsonAsync(HttpStatusCode.OK);
        (await Platform.PostJsonAsync($"/v1/contents/{id}/exposure", new { views = 500, shares = 20 })).EnsureSuccessStatusCode();
        var caseId = (long)(await ReportAsync(Platform, "/v1/reports", new { content_ids = new[] { id }, category = "other_policy" }))["case_id"]!;
        (await Platform.PostJsonAsync($"/v1/contents/{id}/exposure", new { views = CaseExposure.MaxCount, shares = 30 })).EnsureSuccessStatusCode();
        var before = (long)(await StatsAsync(Reviewer))["views_after_first_report"]!;

        // When a lower count is posted, it is ignored (POST only raises counts)...
        (await Platform.PostJsonAsync($"/v1/contents/{id}/exposure", new { views = 800, shares = 30 })).EnsureSuccessStatusCode();
        Assert.Equal(CaseExposure.MaxCount, (long)(await (await Platform.GetAsync($"/v1/contents/{id}")).JsonAsync(HttpStatusCode.OK))["views"]!);

        // ...but a correction sets it, with its reason
        var corrected = await (await Platform.PutAsJsonAsync($"/v1/contents/{id}/exposure", new { views = 800, shares = 25, reason = "bot traffic removed" }))
            .JsonAsync(HttpStatusCode.OK);

        // Then the item has exactly those counts, and the stats count 300 views after the report, not 10^15 - 500
        Assert.Equal((800L, 25L), ((long)corrected["views"]!, (long)corrected["shares"]!));
        var shown = await (await Platform.GetAsync($"/v1/contents/{id}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((800L, 25L), ((long)shown["views"]!, (long)shown["shares"]!));
        Assert.Equal(CaseExposure.MaxCount - 500 - 300, before - (long)(await StatsAsync(Reviewer))["views_after_first_report"]!);

        // And the correction is in the audit log: who, on what, what it was and why
        await using var store = await BankStore.OpenAsync(Fixture.Database.Options);
        var log = new AuditLog(store);
        AuditEntry? entry = null;
        await foreach (var e in log.ReadAsync())
        {
            entry = e.Action == "exposure.corrected" && e.Subject == $"content:{id}" ? e : entry;
        }

        Assert.NotNull(entry);
        Assert.Equal("platform", entry.Actor);
        var data = JsonNode.Parse(entry.Data)!;
        Assert.Equal((800L, 25L, CaseExposure.MaxCount, 30L, "bot traffic removed"), (
            (long)data["views"]!, (long)data["shares"]!, (long)data["previous_views"]!, (long)data["previous_shares"]!, (string)data["reason"]!));
        Assert.Empty(data["case_ids"]!.AsArray()); // the case recorded 500 at its report: under the corrected count
        Assert.Equal(500L, (long)(await (await Reviewer.GetAsync($"/v1/cases/{caseId}")).JsonAsync(HttpStatusCode.OK))["views_at_first_report"]!);
        Assert.True((await log.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task A_correction_below_what_a_case_recorded_caps_the_case_and_says_so()
    {
        // Given an item reported while the platform said it had 10^15 views
        var id = NewName("inflated");
        await (await Platform.PostJsonAsync("/v1/lookup", new { content_id = id, md5 = Md5Of(id) })).JsonAsync(HttpStatusCode.OK);
        (await Platform.PostJsonAsync($"/v1/contents/{id}/exposure", new { views = CaseExposure.MaxCount, shares = 9 })).EnsureSuccessStatusCode();
        var caseId = (long)(await ReportAsync(Platform, "/v1/reports", new { content_ids = new[] { id }, category = "sextortion" }))["case_id"]!;

        // When the platform corrects it to 40 views
        await (await Platform.PutAsJsonAsync($"/v1/contents/{id}/exposure", new { views = 40, shares = 2, reason = "counter reset" })).JsonAsync(HttpStatusCode.OK);

        // Then the case's recorded counts are no higher than the item's real ones
        var shown = await (await Reviewer.GetAsync($"/v1/cases/{caseId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((40L, 2L, 40L, 2L), (
            (long)shown["views_at_first_report"]!, (long)shown["shares_at_first_report"]!, (long)shown["views_at_restriction"]!, (long)shown["shares_at_restriction"]!));
    }

    public static TheoryData<string, string?, string> BadCorrections => new()
    {
        // body, then what the detail says (content id: null for an item that exists)
        { """{"views":1,"shares":1}""", null, "reason is required" },
        { """{"shares":1,"reason":"x"}""", null, "views is required" },
        { """{"views":1,"reason":"x"}""", null, "shares is required" },
        { """{"views":-1,"shares":1,"reason":"x"}""", null, "views is a count" },
        { """{"views":1,"shares":1000000000000001,"reason":"x"}""", null, "shares is a count" },
        { """{"views":1,"shares":1,"reason":"a\u0000b"}""", null, "reason may not hold a control character" },
        { """{"views":1,"shares":1,"reason":"x"}""", "never-recorded", "No content with id 'never-recorded'" },
    };

    [Theory]
    [MemberData(nameof(BadCorrections))]
    public async Task A_bad_correction_is_refused_naming_the_field(string body, string? contentId, string detail)
    {
        var id = contentId ?? NewName("fix");
        if (contentId is null)
        {
            await (await Platform.PostJsonAsync("/v1/lookup", new { content_id = id, md5 = Md5Of(id) })).JsonAsync(HttpStatusCode.OK);
        }

        var response = await Platform.PutAsync($"/v1/contents/{id}/exposure", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await response.JsonAsync(contentId is null ? HttpStatusCode.BadRequest : HttpStatusCode.NotFound);
        Assert.Contains(detail, (string)problem["detail"]!, StringComparison.Ordinal);
    }

    /// <summary>The characters that made ids unreadable: NUL, a line feed, and the right-to-left override.</summary>
    private static readonly string[] Unreadable = ["\0", "\n", "\u202E"];

    public static TheoryData<string> BadCharacters => [.. Unreadable];

    /// <summary>Each way an id enters the native API, as a request with <c>{0}</c> where the id goes, and the field the 400 names.</summary>
    private static readonly (string Method, string Path, string? Json, string Field)[] IdEntries =
    [
        ("POST", "/v1/media?content_id={0}", null, "content_id"),
        ("POST", "/v1/media?content_id=ok-{1}&uploader_id={0}", null, "uploader_id"),
        ("POST", "/v1/media?content_id=ok-{1}&parent_content_id={0}", null, "parent_content_id"),
        ("POST", "/v1/media?content_id=ok-{1}&uploader_ip={0}", null, "uploader_ip"),
        ("POST", "/v1/lookup", """{"content_id":"{0}","md5":"00112233445566778899aabbccddeeff"}""", "content_id"),
        ("POST", "/v1/lookup", """{"uploader_id":"{0}","md5":"00112233445566778899aabbccddeeff"}""", "uploader_id"),
        ("POST", "/v1/lookup", """{"parent_content_id":"{0}","md5":"00112233445566778899aabbccddeeff"}""", "parent_content_id"),
        ("POST", "/v1/reports", """{"content_ids":["ok-{1}","{0}"],"category":"other_policy"}""", "content_ids[1]"),
        ("POST", "/v1/reports", """{"content_ids":["ok-{1}"],"category":"other_policy","reporter_id":"{0}"}""", "reporter_id"),
        ("POST", "/v1/contents/{0}/exposure", """{"views":1,"shares":1}""", "contentId"),
        ("PUT", "/v1/contents/{0}/exposure", """{"views":1,"shares":1,"reason":"x"}""", "contentId"),
        ("GET", "/v1/contents/{0}", null, "contentId"),
        ("POST", "/v1/cases/999999999/appeal", """{"account_id":"{0}"}""", "account_id"),
        ("GET", "/v1/banks/{0}", null, "name"),
        ("PATCH", "/v1/banks/{0}", """{"enabled":true}""", "name"),
        ("POST", "/v1/banks/{0}/imports", "", "name"),
        ("POST", "/v1/banks/{bank}/imports?list={0}", "", "list"),
        ("POST", "/v1/banks/{bank}/entries", """{"signal_type":"md5","value":"00112233445566778899aabbccddeeff","external_id":"{0}"}""", "external_id"),
        ("POST", "/v1/banks/{bank}/entries", """{"signal_type":"md5","value":"00112233445566778899aabbccddeeff","category":"{0}"}""", "category"),
        ("POST", "/v1/banks/{bank}/entries", """{"signal_type":"md5","value":"00112233445566778899aabbccddeeff","list":"{0}"}""", "list"),
    ];

    public static TheoryData<int, string> IdEntriesAndCharacters
    {
        get
        {
            var data = new TheoryData<int, string>();
            for (var i = 0; i < IdEntries.Length; i++)
            {
                foreach (var bad in Unreadable)
                {
                    data.Add(i, bad);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(IdEntriesAndCharacters))]
    public async Task An_id_with_a_control_or_direction_character_is_a_400_naming_the_field_wherever_it_enters(int entry, string bad)
    {
        var (method, path, json, field) = IdEntries[entry];
        var bank = path.Contains("{bank}", StringComparison.Ordinal) ? await CreateBankAsync("ids") : "";
        var id = "id" + bad + "x";
        var unique = Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{bank}", bank, StringComparison.Ordinal)
            .Replace("{0}", Uri.EscapeDataString(id), StringComparison.Ordinal).Replace("{1}", unique, StringComparison.Ordinal));
        if (json is not null)
        {
            var body = json.Replace("{0}", JsonEscaped(id), StringComparison.Ordinal).Replace("{1}", unique, StringComparison.Ordinal);
            request.Content = new StringContent(body, Encoding.UTF8, path.Contains("/imports", StringComparison.Ordinal) ? "text/plain" : "application/json");
        }
        else if (method == "POST")
        {
            request.Content = new ByteArrayContent(Bridge);
        }

        var response = await Admin.SendAsync(request);

        if (bad == "\0" && InPath(path))
        {
            // Kestrel itself refuses a NUL in the path (400, no body, connection closed) before any of Aegis runs.
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("", await response.Content.ReadAsStringAsync());
            return;
        }

        var problem = await response.JsonAsync(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var detail = (string)problem["detail"]!;
        Assert.Contains(field, detail, StringComparison.Ordinal);
        Assert.Contains(bad == "\u202E" ? "bidirectional" : "control character", detail, StringComparison.Ordinal);
    }

    /// <summary>Where people's words enter, as a request with <c>{0}</c> where the words go, and the field the 400 names.</summary>
    public static TheoryData<string, string, string, string> FreeTextEntries => new()
    {
        { "POST", "/v1/reports", """{"content_ids":["words-{1}"],"category":"other_policy","text":"{0}"}""", "text" },
        { "POST", "/v1/cases/999999999/decisions", """{"kind":"dismiss","reason":"{0}"}""", "reason" },
        { "POST", "/v1/cases/999999999/appeal", """{"account_id":"acct-1","text":"{0}"}""", "text" },
        { "POST", "/v1/cases/999999999/appeal/decision", """{"overturn":false,"reason":"{0}"}""", "reason" },
        { "PATCH", "/v1/banks/{bank}", """{"description":"{0}"}""", "description" },
        { "POST", "/v1/banks", """{"name":"words-{1}","description":"{0}"}""", "description" },
    };

    [Theory]
    [MemberData(nameof(FreeTextEntries))]
    public async Task Words_with_a_NUL_or_over_the_limit_are_a_400_naming_the_field_and_line_breaks_and_direction_marks_are_not(
        string method, string path, string json, string field)
    {
        var bank = path.Contains("{bank}", StringComparison.Ordinal) ? await CreateBankAsync("words") : "";
        async Task<HttpResponseMessage> SendAsync(string words)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{bank}", bank, StringComparison.Ordinal))
            {
                Content = new StringContent(
                    json.Replace("{0}", JsonEscaped(words), StringComparison.Ordinal).Replace("{1}", Guid.NewGuid().ToString("N")[..12], StringComparison.Ordinal),
                    Encoding.UTF8,
                    "application/json"),
            };
            return await Admin.SendAsync(request);
        }

        var nul = await (await SendAsync("see\0this")).JsonAsync(HttpStatusCode.BadRequest);
        var tooLong = await (await SendAsync(new string('w', Core.Input.FreeText.MaxLength + 1))).JsonAsync(HttpStatusCode.BadRequest);
        var written = await SendAsync("line one\nline two\t\u200F\u202Eעברית");

        Assert.Contains($"{field} may not hold a control character (U+0000", (string)nul["detail"]!, StringComparison.Ordinal);
        Assert.Contains($"{field} is at most 10,000 characters", (string)tooLong["detail"]!, StringComparison.Ordinal);
        // Taken, or refused for something else (there is no case 999999999), never for the words.
        Assert.True(written.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.NotFound, $"{(int)written.StatusCode}: {await written.Content.ReadAsStringAsync()}");
    }

    [Theory]
    [MemberData(nameof(BadCharacters))]
    public async Task A_multipart_uploads_content_id_with_a_control_or_direction_character_is_a_400(string bad)
    {
        using var form = new MultipartFormDataContent { { new StringContent("id" + bad), "content_id" }, { new ByteArrayContent(Bridge), "file", "bridge.jpg" } };

        var problem = await (await Platform.PostAsync("/v1/media", form)).JsonAsync(HttpStatusCode.BadRequest);

        Assert.Contains("content_id may not hold", (string)problem["detail"]!, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadCharacters))]
    public async Task The_HMA_routes_refuse_such_ids_as_HMA_refuses_a_bad_request(string bad)
    {
        var bank = "IDS_" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        await (await Curator.PostJsonAsync("/c/banks", new { name = bank })).JsonAsync(HttpStatusCode.Created);

        var byPath = await Curator.GetAsync($"/c/bank/{Uri.EscapeDataString("B" + bad)}");
        var byMetadata = await Curator.PostJsonAsync($"/c/bank/{bank}/signal", new { md5 = "00112233445566778899aabbccddeeff", metadata = new { content_id = "id" + bad } });
        var byQuery = await Curator.PostAsync(
            $"/c/bank/{bank}/content?content_id={Uri.EscapeDataString("id" + bad)}",
            new MultipartFormDataContent { { new ByteArrayContent(Bridge), "photo", "bridge.jpg" } });

        Assert.Equal(HttpStatusCode.BadRequest, byPath.StatusCode);
        if (bad != "\0") // a NUL in the path is refused by Kestrel itself, without a body
        {
            Assert.Contains("bank may not hold", (string)(await byPath.JsonAsync(HttpStatusCode.BadRequest))["message"]!, StringComparison.Ordinal);
        }

        Assert.Contains("content_id may not hold", (string)(await byMetadata.JsonAsync(HttpStatusCode.BadRequest))["message"]!, StringComparison.Ordinal);
        Assert.Contains("content_id may not hold", (string)(await byQuery.JsonAsync(HttpStatusCode.BadRequest))["message"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_import_line_whose_external_id_is_too_long_or_unreadable_is_a_line_error_and_the_rest_import()
    {
        var bank = await CreateBankAsync("long-ids");
        var lines = string.Join('\n',
            """{"type":"md5","hash":"00000000000000000000000000000001","external_id":"ok-1"}""",
            $$"""{"type":"md5","hash":"00000000000000000000000000000002","external_id":"{{new string('9', 257)}}"}""",
            """{"type":"md5","hash":"00000000000000000000000000000003","external_id":"a\u202Eb"}""",
            """{"type":"md5","hash":"00000000000000000000000000000004","category":"x\u0000"}""",
            $$"""{"type":"md5","hash":"00000000000000000000000000000005","external_id":"{{new string('9', 256)}}"}""");

        var job = await (await Curator.PostAsync($"/v1/banks/{bank}/imports?format=jsonlines", new StringContent(lines, Encoding.UTF8, "text/plain")))
            .JsonAsync(HttpStatusCode.OK);

        Assert.Equal(("done", 5L, 2L, 3L), ((string)job["state"]!, (long)job["read"]!, (long)job["added"]!, (long)job["bad_lines"]!));
        Assert.Equal(
            [
                "line 2: external_id is at most 256 characters; got 257.",
                "line 3: external_id may not hold a bidirectional formatting character (U+202E, character 2).",
                "line 4: category may not hold a control character (U+0000, character 2).",
            ],
            job["errors"]!.AsArray().Select(e => (string)e!));
        var bankView = await (await Curator.GetAsync($"/v1/banks/{bank}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2L, (long)bankView["total_entries"]!);
    }

    /// <summary>True when the id goes in the path, not the query string.</summary>
    private static bool InPath(string path)
    {
        var at = path.IndexOf("{0}", StringComparison.Ordinal);
        var query = path.IndexOf('?', StringComparison.Ordinal);
        return at >= 0 && (query < 0 || at < query);
    }

    private static async Task<JsonNode> StatsAsync(HttpClient reviewer) => await (await reviewer.GetAsync("/v1/stats")).JsonAsync(HttpStatusCode.OK);

    private static string Md5Of(string text) => Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes(text)));

    private static string JsonEscaped(string text) => System.Text.Json.JsonSerializer.Serialize(text)[1..^1];

    /// <summary>A database of the fixture's kind with a server of its own and a platform and a reviewer key.</summary>
    private async Task<OwnServer> OwnServerAsync()
    {
        var database = Fixture.Database.IsPostgres ? await TestDatabase.PostgresAsync() : TestDatabase.Sqlite();
        try
        {
            string platform, reviewer;
            await using (var store = await BankStore.OpenAsync(database.Options))
            {
                var keys = new ApiKeyStore(store);
                platform = (await keys.CreateAsync("platform", ApiKeyRole.Platform)).Secret;
                reviewer = (await keys.CreateAsync("reviewer", ApiKeyRole.Reviewer)).Secret;
            }

            var server = await RunningServer.StartAsync(database.Options);
            return new OwnServer(database, server, server.Client(platform), server.Client(reviewer));
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    private sealed record OwnServer(TestDatabase Database, RunningServer Server, HttpClient Platform, HttpClient Reviewer) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Platform.Dispose();
            Reviewer.Dispose();
            try
            {
                await Server.DisposeAsync();
            }
            finally
            {
                await Database.DisposeAsync();
            }
        }
    }
}
