using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Tests.Console;

/// <summary>
/// The console's bank pages over HTTP: a curator uploads a hash list (as a plain form and as the page's script does:
/// the file up, then the job polled) and sees it imported with its bad lines by number; bad files get messages; a bank
/// is disabled and enabled; every change is audited with the curator's name; nothing happens without the form's token.
/// </summary>
public abstract class ConsoleBankTests
{
    private const string Bank = "Stand-In.1";

    protected abstract Task<TestDatabase> DatabaseAsync();

    /// <summary>A PDQ-looking hash (64 hex digits) of its own for <paramref name="seed"/>.</summary>
    private static string Hash(int seed) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(seed)));

    private static async Task<RunningServer> StartWithBankAsync(TestDatabase database)
    {
        var server = await RunningServer.StartAsync(database.Options);
        await server.Services.GetRequiredService<BankStore>().CreateBankAsync(Bank, description: "stand-in images for tests");
        return server;
    }

    /// <summary>A multipart upload as the form sends it: the token first (when given), then the fields, then the file.</summary>
    private static MultipartFormDataContent Upload(string? token, string fileName, byte[] bytes, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        if (token is not null)
        {
            form.Add(new StringContent(token), "__RequestVerificationToken");
        }

        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        if (fileName.Length == 0)
        {
            // What a browser sends when no file was chosen: a file part with an empty name and no bytes.
            file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = "\"\"" };
            form.Add(file);
        }
        else
        {
            form.Add(file, "file", fileName);
        }

        return form;
    }

    private static async Task<string> TokenAsync(ConsoleClient browser, string page) =>
        ConsoleClient.Token(await browser.PageAsync(page)) ?? throw new InvalidOperationException($"{page} has no form token");

    [Fact]
    public async Task A_curator_uploads_a_list_with_a_plain_form_and_sees_it_imported_with_its_bad_lines_by_number()
    {
        await using var database = await DatabaseAsync();
        await using var server = await StartWithBankAsync(database);
        using var cora = await ConsolePages.SignedInAsync(server, "cora", ApiKeyRole.Curator);
        var banks = await cora.PageAsync("/console/banks");
        Assert.Contains($"href=\"/console/banks/{Bank}\"", banks, StringComparison.Ordinal);
        var bankPage = await cora.PageAsync($"/console/banks/{Bank}");
        var token = ConsoleClient.Token(bankPage);

        // The upload form posts to the import page with its token first (checked before the file is read), and says
        // its limit for the script; its controls are labelled.
        Assert.Matches($"<form method=\"post\" action=\"/console/banks/{Regex.Escape(Bank)}/import\" enctype=\"multipart/form-data\"[^>]*id=\"import-form\"[^>]*>\\s*<input name=\"__RequestVerificationToken\"", bankPage);
        var importForm = Regex.Match(bankPage, "id=\"import-form\"[\\s\\S]*?</form>").Value;
        Assert.Single(Regex.Matches(importForm, "__RequestVerificationToken"));
        Assert.Contains("<label for=\"import-file\">", bankPage, StringComparison.Ordinal);
        Assert.Contains($"action=\"/console/banks/{Bank}?handler=Disable\"", bankPage, StringComparison.Ordinal);
        Assert.Contains("src=\"/console/assets/bank-import.js\"", bankPage, StringComparison.Ordinal);
        using (var script = await cora.GetAsync("/console/assets/bank-import.js"))
        {
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        }

        var list = $"pdq {Hash(1)}\npdq {Hash(2)}\npdq 1234\npdq {Hash(3)}\npdq {Hash(1)}\nmd5 not-a-hash\n";

        using var posted = await cora.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"/console/banks/{Bank}/import")
        {
            Content = Upload(token, "benign-list.txt", Encoding.UTF8.GetBytes(list), ("format", ""), ("type", ""), ("list", "")),
        });

        // Without script the answer comes when the import is done, and leads to its result.
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        var resultPath = posted.Headers.Location!.OriginalString;
        Assert.StartsWith($"/console/banks/{Bank}/import?job=", resultPath, StringComparison.Ordinal);
        var result = ConsolePages.Text(await cora.PageAsync(resultPath));
        Assert.Contains("Imported", result, StringComparison.Ordinal);
        Assert.Matches(@"Added\s+3\b", result);
        Assert.Matches(@"Duplicates \(already in the bank or earlier in the file\)\s+1\b", result);
        Assert.Matches(@"Bad lines \(skipped\)\s+2\b", result);
        Assert.Contains("line 3:", result, StringComparison.Ordinal);
        Assert.Contains("line 6:", result, StringComparison.Ordinal);

        var bank = ConsolePages.Text(await cora.PageAsync($"/console/banks/{Bank}"));
        Assert.Contains(Hash(2), bank, StringComparison.Ordinal);
        Assert.Contains("3 enabled of 3", bank, StringComparison.Ordinal);
        Assert.Contains("benign-list.txt", bank, StringComparison.Ordinal); // the list name defaults to the file's
        var imported = Assert.Single(await ConsolePages.AuditAsync(server), a => a.Action == "bank.imported");
        Assert.Equal("cora", imported.Actor);
        Assert.Equal($"bank:{Bank}", imported.Subject);
        Assert.Contains("\"bad_lines\":2", imported.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pages_script_uploads_the_file_then_polls_the_import_until_it_is_done()
    {
        await using var database = await DatabaseAsync();
        await using var server = await StartWithBankAsync(database);
        using var cora = await ConsolePages.SignedInAsync(server, "cora", ApiKeyRole.Curator);
        var token = await TokenAsync(cora, $"/console/banks/{Bank}");
        var list = string.Join('\n', Enumerable.Range(10, 200).Select(i => Hash(i))) + "\nnot a hash at all\n";

        // As bank-import.js sends it: the token in the header, JSON asked for, the form as FormData (no token field).
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/console/banks/{Bank}/import")
        {
            Content = Upload(null, "bare.txt", Encoding.UTF8.GetBytes(list), ("format", "threatexchange"), ("type", "pdq"), ("list", "partner-list")),
        };
        request.Headers.Add("RequestVerificationToken", token);
        request.Headers.Accept.ParseAdd("application/json");
        using var accepted = await cora.SendAsync(request);
        var started = JsonNode.Parse(await accepted.HtmlAsync(HttpStatusCode.Accepted))!;

        JsonNode job = null!;
        await Waits.UntilAsync(
            async () =>
            {
                using var progress = await cora.GetAsync((string)started["progress"]!);
                job = JsonNode.Parse(await progress.HtmlAsync(HttpStatusCode.OK))!;
                Assert.Contains((string?)job["state"], new[] { "running", "done" });
                return (string?)job["state"] == "done";
            },
            "the import to finish",
            seen: () => job?.ToJsonString() ?? "nothing yet");

        Assert.Equal(200, (long)job["added"]!);
        Assert.Equal(0, (long)job["merged"]!);
        Assert.Equal(1, (long)job["badLines"]!);
        Assert.Equal(1.0, (double)job["fraction"]!);
        Assert.StartsWith("line 201:", (string?)job["errors"]![0], StringComparison.Ordinal);
        Assert.Equal((string?)started["result"], (string?)job["result"]);
        var entries = server.Services.GetRequiredService<BankStore>().ReadEntriesFromListAsync(Bank, "partner-list");
        Assert.Equal(200, (await entries).Count);
    }

    [Fact]
    public async Task Bad_files_and_fields_get_clear_messages_next_to_the_field_and_import_nothing()
    {
        await using var database = await DatabaseAsync();
        await using var server = await StartWithBankAsync(database);
        using var cora = await ConsolePages.SignedInAsync(server, "cora", ApiKeyRole.Curator);
        var token = await TokenAsync(cora, $"/console/banks/{Bank}");
        var page = $"/console/banks/{Bank}/import";

        async Task<string> RefusedAsync(MultipartFormDataContent form, HttpStatusCode status = HttpStatusCode.BadRequest)
        {
            using var answer = await cora.SendAsync(new HttpRequestMessage(HttpMethod.Post, page) { Content = form });
            return await answer.HtmlAsync(status);
        }

        var image = await RefusedAsync(Upload(token, "photo.png", Images.Unrelated(7)));
        Assert.Contains("photo.png is not a text file", ConsolePages.Text(image), StringComparison.Ordinal);
        Assert.Contains("aria-describedby=\"import-file-hint import-file-error\"", image, StringComparison.Ordinal);
        Assert.Contains("id=\"import-file-error\"", image, StringComparison.Ordinal);
        Assert.Contains("empty.txt is empty", ConsolePages.Text(await RefusedAsync(Upload(token, "empty.txt", []))), StringComparison.Ordinal);
        Assert.Contains("Choose a hash-list file", ConsolePages.Text(await RefusedAsync(Upload(token, "", []))), StringComparison.Ordinal);
        var format = await RefusedAsync(Upload(token, "list.txt", Encoding.UTF8.GetBytes($"pdq {Hash(1)}\n"), ("format", "xml")));
        Assert.Contains("The format is threatexchange, csv or jsonlines", ConsolePages.Text(format), StringComparison.Ordinal);
        Assert.Contains("id=\"import-format-error\"", format, StringComparison.Ordinal);
        var listName = await RefusedAsync(Upload(token, "list.txt", Encoding.UTF8.GetBytes($"pdq {Hash(1)}\n"), ("list", "bad\u0007name")));
        Assert.Contains("id=\"import-list-error\"", listName, StringComparison.Ordinal);
        var noToken = await RefusedAsync(Upload(null, "list.txt", Encoding.UTF8.GetBytes($"pdq {Hash(1)}\n")));
        Assert.Contains("security token is missing", ConsolePages.Text(noToken), StringComparison.Ordinal);
        var forged = await RefusedAsync(Upload("forged", "list.txt", Encoding.UTF8.GetBytes($"pdq {Hash(1)}\n")));
        Assert.Contains("security token is missing", ConsolePages.Text(forged), StringComparison.Ordinal);

        Assert.Equal(0, (await server.Services.GetRequiredService<BankStore>().ListBanksAsync()).Single(b => b.Bank.Name == Bank).TotalEntries);
        Assert.DoesNotContain(await ConsolePages.AuditAsync(server), a => a.Action == "bank.imported");
    }

    [Fact]
    public async Task A_curator_disables_and_enables_a_bank_and_an_entry_and_changes_its_settings_audited_by_name()
    {
        await using var database = await DatabaseAsync();
        await using var server = await StartWithBankAsync(database);
        var store = server.Services.GetRequiredService<BankStore>();
        var entry = await store.AddEntryAsync(Bank, new Aegis.Matching.Formats.HashListRecord(Aegis.Matching.Banks.SignalType.Pdq, Hash(5), null, null, null, null, null), "test");
        using var cora = await ConsolePages.SignedInAsync(server, "cora", ApiKeyRole.Curator);
        var page = $"/console/banks/{Bank}";

        using (var disabled = await cora.SubmitAsync(page, new Dictionary<string, string>(), $"{page}?handler=Disable"))
        {
            Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
            var shown = ConsolePages.Text(await cora.PageAsync(disabled.Headers.Location!.OriginalString));
            Assert.Contains("The bank is disabled", shown, StringComparison.Ordinal);
        }

        Assert.False((await store.GetBankAsync(Bank))!.Enabled);
        (await cora.SubmitAsync(page, new Dictionary<string, string>(), $"{page}?handler=Enable")).Dispose();
        Assert.True((await store.GetBankAsync(Bank))!.Enabled);
        (await cora.SubmitAsync(page, new Dictionary<string, string> { ["id"] = entry.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["enabled"] = "false" }, $"{page}?handler=Entry")).Dispose();
        Assert.False((await store.GetEntryAsync(entry.Id))!.Enabled);

        var settings = new Dictionary<string, string>
        {
            ["Description"] = "benign stand-ins",
            ["Threshold"] = "70",
            ["Action"] = "hold",
            ["Kind"] = "ordinary",
            ["VideoQuery"] = "80",
            ["VideoContainment"] = "101",
            ["VideoSegment"] = "5",
        };
        using (var refused = await cora.SubmitAsync(page, settings, $"{page}?handler=Settings"))
        {
            var html = await refused.HtmlAsync(HttpStatusCode.BadRequest);
            Assert.Contains("id=\"threshold-error\"", html, StringComparison.Ordinal);
            Assert.Contains("between 0 and 63", ConsolePages.Text(html), StringComparison.Ordinal);
        }

        settings["Threshold"] = "20";
        using (var saved = await cora.SubmitAsync(page, settings, $"{page}?handler=Settings"))
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        }

        var bank = (await store.GetBankAsync(Bank))!;
        Assert.Equal((20, Aegis.Matching.Banks.BankAction.Hold, "benign stand-ins", 101.0), (bank.PdqThreshold, bank.Action, bank.Description, bank.Video.ContainmentPercent));
        var audit = (await ConsolePages.AuditAsync(server)).Where(a => a.Subject == $"bank:{Bank}").ToList();
        Assert.Equal(["bank.updated", "bank.updated", "bank.entry_disabled", "bank.updated"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("cora", a.Actor));
        Assert.Contains("\"enabled\":\"false\"", audit[0].Data, StringComparison.Ordinal);
        Assert.Contains("\"pdq_threshold\":\"20\"", audit[3].Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Entries_are_shown_a_page_at_a_time()
    {
        await using var database = await DatabaseAsync();
        await using var server = await StartWithBankAsync(database);
        var store = server.Services.GetRequiredService<BankStore>();
        await store.ImportAsync(Bank, Enumerable.Range(100, 60).Select(i => new Aegis.Matching.Formats.HashListRecord(Aegis.Matching.Banks.SignalType.Pdq, Hash(i), null, null, null, null, null)), "test");
        using var cora = await ConsolePages.SignedInAsync(server, "cora", ApiKeyRole.Curator);

        var first = await cora.PageAsync($"/console/banks/{Bank}");
        var next = System.Text.RegularExpressions.Regex.Match(first, "href=\"([^\"]+)\" id=\"entries-next\"").Groups[1].Value;
        var second = ConsolePages.Text(await cora.PageAsync(WebUtility.HtmlDecode(next)));

        Assert.Contains(Hash(100), first, StringComparison.Ordinal);
        Assert.DoesNotContain(Hash(150), first, StringComparison.Ordinal);
        Assert.Contains(Hash(150), second, StringComparison.Ordinal);
        Assert.DoesNotContain(Hash(100), second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reviewer_cannot_open_the_bank_pages_and_an_unknown_bank_is_404()
    {
        await using var database = await DatabaseAsync();
        await using var server = await StartWithBankAsync(database);
        using var rita = await ConsolePages.SignedInAsync(server, "rita", ApiKeyRole.Reviewer);
        using var cora = await ConsolePages.SignedInAsync(server, "cora", ApiKeyRole.Curator);

        await rita.PageAsync("/console/banks", HttpStatusCode.Forbidden);
        await rita.PageAsync($"/console/banks/{Bank}", HttpStatusCode.Forbidden);
        Assert.Contains("no bank named 'nope'", ConsolePages.Text(await cora.PageAsync("/console/banks/nope", HttpStatusCode.NotFound)), StringComparison.Ordinal);
    }
}

public sealed class SqliteConsoleBankTests : ConsoleBankTests
{
    protected override Task<TestDatabase> DatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresConsoleBankTests : ConsoleBankTests
{
    protected override Task<TestDatabase> DatabaseAsync() => TestDatabase.PostgresAsync();
}
