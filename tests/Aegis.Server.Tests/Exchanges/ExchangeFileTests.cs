using System.Net;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests.Exchanges;

/// <summary>The <c>file</c> API end to end: a local list under Exchanges:FileRoot, re-read at every run.</summary>
public sealed class ExchangeFileTests : ExchangeTestsBase
{
    private readonly string _root = Directory.CreateTempSubdirectory("aegis-exchange-files-").FullName;

    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());

    [Fact]
    public async Task A_list_is_applied_whole_a_hash_no_longer_listed_is_disabled_and_an_unchanged_list_changes_nothing()
    {
        var list = Path.Combine(_root, "hashes.txt");
        var (a, b, c, d) = (Hex(31), Hex(32), Hex(33), Hex(34));
        await File.WriteAllTextAsync(list, $"# a pytx list\npdq {a}\npdq {b}\npdq {c}\n");
        var server = await StartServerAsync(o => o.Exchanges.FileRoot = _root);
        using var admin = server.Client(Admin);
        using var platform = server.Client(Platform);
        await (await admin.PostJsonAsync("/v1/banks", new { name = "file-bank" })).JsonAsync(HttpStatusCode.Created);

        // When the list is configured as an exchange (two lines a page)
        await (await admin.PostJsonAsync("/v1/exchanges", new { name = "local-list", api = "file", bank = "file-bank", settings = new { filename = list, page_size = 2 } }))
            .JsonAsync(HttpStatusCode.Created);
        var first = await StatusUntilAsync(admin, "local-list", s => s["last_success_at"] is not null, "the list's first run");

        // Then its three hashes are in the bank, each from the list
        Assert.Equal((3L, 3L), (Long(first, "total.records"), Long(first, "total.added")));
        var match = Assert.Single(await LookupAsync(platform, pdq: b));
        Assert.Equal("local-list", (string)match!["source"]!["exchange"]!);
        Assert.Equal($"pdq:{b}", (string)match["source"]!["entry_id"]!);

        // When b is dropped from the list and d added, the next run disables b and adds d
        await File.WriteAllTextAsync(list, $"pdq {a}\npdq {c}\npdq {d}\n");
        var second = await RunAgainAsync(admin, "local-list", first);
        Assert.Equal((3L, 1L, 1L), (Long(second, "last_run.records"), Long(second, "last_run.added"), Long(second, "last_run.removed")));
        Assert.Empty(await LookupAsync(platform, pdq: b));
        Assert.Single(await LookupAsync(platform, pdq: d));

        // And an unchanged list reads nothing new and changes nothing
        var third = await RunAgainAsync(admin, "local-list", second);
        Assert.Equal((0L, 0L, 0L, 0L), (Long(third, "last_run.records"), Long(third, "last_run.added"), Long(third, "last_run.updated"), Long(third, "last_run.removed")));
        var bank = await (await admin.GetAsync("/v1/banks/file-bank")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal((3L, 4L), (Long(bank, "enabled_entries"), Long(bank, "total_entries")));

        // And an empty list (a file being rewritten) deletes nothing: the run fails and says why
        await File.WriteAllTextAsync(list, "");
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/v1/exchanges/local-list/fetch", null)).StatusCode);
        var empty = await StatusUntilAsync(admin, "local-list", s => (int)s["consecutive_failures"]! == 1, "the run of the empty list to fail");
        Assert.Contains("is empty", (string)empty["last_error"]!, StringComparison.Ordinal);
        Assert.Equal(3L, Long(await (await admin.GetAsync("/v1/banks/file-bank")).JsonAsync(HttpStatusCode.OK), "enabled_entries"));
    }

    [Fact]
    public async Task A_list_at_a_url_is_read_page_by_page_and_read_again_unchanged_it_changes_nothing()
    {
        Feed.List = string.Join('\n', Enumerable.Range(40, 5).Select(i => $"pdq {Hex(i)}")) + "\n";
        var server = await StartServerAsync();
        using var admin = server.Client(Admin);
        await (await admin.PostJsonAsync("/v1/banks", new { name = "url-bank" })).JsonAsync(HttpStatusCode.Created);

        await (await admin.PostJsonAsync("/v1/exchanges", new { name = "url-list", api = "file", bank = "url-bank", settings = new { url = new Uri(Feed.Address, "list.txt").ToString(), page_size = 2 } }))
            .JsonAsync(HttpStatusCode.Created);
        var first = await StatusUntilAsync(admin, "url-list", s => s["last_success_at"] is not null, "the URL list's first run");

        Assert.Equal((5L, 5L), (Long(first, "total.records"), Long(first, "total.added")));
        Assert.Equal(3, Feed.Requests.Keys.Count(k => k.StartsWith("download-", StringComparison.Ordinal))); // three pages of 2, 2 and 1 lines
        var again = await RunAgainAsync(admin, "url-list", first);
        Assert.Equal(0L, Long(again, "last_run.records"));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>Asks for a run now and waits for it to end after the one <paramref name="before"/> shows.</summary>
    private static async Task<JsonNode> RunAgainAsync(HttpClient admin, string name, JsonNode before)
    {
        var last = (DateTimeOffset)before["last_run_at"]!;
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/v1/exchanges/{name}/fetch", null)).StatusCode);
        return await StatusUntilAsync(
            admin,
            name,
            s => s["last_run_at"] is { } at && (DateTimeOffset)at > last && s["last_success_at"] is { } ok && (DateTimeOffset)ok >= (DateTimeOffset)at && s["running_on"] is null,
            "the next run to end");
    }
}
