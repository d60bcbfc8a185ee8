using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aegis.Core.Cases;
using Aegis.Core.Reports;
using Aegis.Fakes;
using Aegis.Server.Cases;
using Aegis.Server.Evidence;
using Aegis.Server.Hosting;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Tests.Console;

/// <summary>
/// A running server with review console users and cases to review, made in process (reports through the case service,
/// evidence uploaded to the vault as the platform would), and browsers signed in as those users.
/// </summary>
internal sealed partial class ReviewDesk : IAsyncDisposable
{
    public const string Password = "correct horse battery";

    private readonly List<ConsoleClient> _browsers = [];

    private ReviewDesk(RunningServer server, ManualClock clock)
    {
        Server = server;
        Clock = clock;
    }

    public RunningServer Server { get; }

    /// <summary>The server's clock (starts now; advanced by the tests).</summary>
    public ManualClock Clock { get; }

    public static async Task<ReviewDesk> StartAsync(TestDatabase database, Action<ServerOptions>? configure = null)
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        return new ReviewDesk(await RunningServer.StartAsync(database.Options, configure, clock), clock);
    }

    /// <summary>A user of <paramref name="role"/> (with these queues, or the role's default), signed in.</summary>
    public async Task<ConsoleClient> SignInAsync(string name, ApiKeyRole role, IReadOnlyCollection<ReviewQueue>? queues = null)
    {
        var users = Server.Services.GetRequiredService<UserStore>();
        await users.CreateAsync(name, role, Password, "test");
        if (queues is not null)
        {
            await users.SetQueuesAsync(name, queues, "test");
        }

        var browser = new ConsoleClient(Server.Address);
        _browsers.Add(browser);
        using var signedIn = await browser.SignInAsync(name, Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return browser;
    }

    /// <summary>A report on a new item; returns its case.</summary>
    public async Task<long> ReportAsync(
        string contentId, ReportCategory category, ReportSource source = ReportSource.User, bool personShown = false, bool? minor = null, string? text = null)
    {
        var results = await Server.Services.GetRequiredService<CaseService>().ReportAsync(
            new ReportIntake([contentId], category, source, personShown, minor, source == ReportSource.Anonymous ? null : "user-9", text ?? "please look at this"),
            "platform", CancellationToken.None);
        return results.Single().CaseId!.Value;
    }

    /// <summary>The item's bytes preserved in the vault for its case, as the platform uploads them; returns the evidence id.</summary>
    public async Task<long> EvidenceAsync(long caseId, string contentId, byte[] bytes, string mediaType)
    {
        var (item, _) = await Server.Services.GetRequiredService<EvidenceVault>().UploadAsync(
            caseId, contentId, bytes.ToArray(), mediaType, EvidenceExtras.None, "platform", CancellationToken.None);
        return item.Id;
    }

    /// <summary>The audit log's entries (sealed first), in order.</summary>
    public async Task<List<AuditEntry>> AuditAsync()
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in Server.Services.GetRequiredService<AuditLog>().ReadAsync())
        {
            entries.Add(entry);
        }

        return entries;
    }

    public Task<CaseSummary?> CaseAsync(long id) => Server.Services.GetRequiredService<CaseStore>().GetAsync(id);

    public async ValueTask DisposeAsync()
    {
        foreach (var browser in _browsers)
        {
            browser.Dispose();
        }

        await Server.DisposeAsync();
    }

    /// <summary>A page's HTML, asserting its status.</summary>
    public static async Task<string> HtmlAsync(ConsoleClient browser, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await browser.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path}: expected {(int)expected}, got {(int)response.StatusCode}: {Text(html)}");
        return html;
    }

    /// <summary>Reveals an item as the case page's script does (a form post asking for JSON); returns the answer.</summary>
    public static async Task<JsonNode> RevealAsync(ConsoleClient browser, long caseId, long evidenceId)
    {
        var page = await HtmlAsync(browser, $"/console/cases/{caseId}");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/console/cases/{caseId}?handler=Reveal")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["evidenceId"] = $"{evidenceId}",
                ["__RequestVerificationToken"] = ConsoleClient.Token(page)!,
            }),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await browser.SendAsync(request);
        return await response.JsonAsync(HttpStatusCode.OK);
    }

    /// <summary>The text of an element by id (tags stripped, whitespace folded), or null.</summary>
    public static string? ById(string html, string id)
    {
        var match = Regex.Match(html, $"<(\\w+)[^>]*\\bid=\"{Regex.Escape(id)}\"[^>]*>(.*?)</\\1>", RegexOptions.Singleline);
        return match.Success ? Text(match.Groups[2].Value) : null;
    }

    /// <summary>An HTML fragment's text: tags stripped, entities decoded, whitespace folded.</summary>
    public static string Text(string html) => WhiteSpace().Replace(WebUtility.HtmlDecode(Tags().Replace(html, " ")), " ").Trim();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex("\\s+")]
    private static partial Regex WhiteSpace();
}
