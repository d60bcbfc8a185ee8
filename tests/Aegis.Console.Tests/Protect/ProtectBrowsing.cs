using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Aegis.Console.Tests.Protect;

/// <summary>
/// Driving the protect page as a person does: pick files, wait for the fingerprints, choose a statement, send. The
/// submission API is answered by the test (<see cref="AnswerSubmissionsAsync"/>, a fixed 201) so that what the page sends
/// can be read whatever the server's own API does; every request the page makes is recorded.
/// </summary>
internal sealed class ProtectBrowsing
{
    /// <summary>The receipt the test's stand-in API gives.</summary>
    public const string Receipt = "ABCD-EFGH-JKLM-NPQR-STUV";

    private readonly List<IRequest> _requests = [];
    private readonly List<string> _submissions = [];

    private ProtectBrowsing(IPage page) => Page = page;

    public IPage Page { get; }

    /// <summary>Every request the page made (method, URL, body), in order.</summary>
    public IReadOnlyList<IRequest> Requests => _requests;

    /// <summary>The bodies POSTed to the submission API, in order.</summary>
    public IReadOnlyList<string> Submissions => _submissions;

    /// <summary>A page of <paramref name="fixture"/> with the requests recorded and the submission API answered by the test.</summary>
    public static async Task<ProtectBrowsing> OpenAsync(Support.ConsoleFixture fixture, ViewportSize? viewport = null)
    {
        var page = await fixture.NewPageAsync();
        if (viewport is not null)
        {
            await page.SetViewportSizeAsync(viewport.Width, viewport.Height);
        }

        var browsing = new ProtectBrowsing(page);
        page.Request += (_, request) =>
        {
            lock (browsing._requests)
            {
                browsing._requests.Add(request);
            }
        };
        await browsing.AnswerSubmissionsAsync();
        return browsing;
    }

    /// <summary>Answers <c>POST /protect/v1/submissions</c> with a 201 of the contract's shape, keeping each body.</summary>
    private Task AnswerSubmissionsAsync() => Page.RouteAsync("**/protect/v1/submissions", async route =>
    {
        var body = route.Request.PostData ?? "";
        lock (_submissions)
        {
            _submissions.Add(body);
        }

        var files = JsonNode.Parse(body)?["files"]?.AsArray().Count ?? 0;
        var answer = new JsonObject
        {
            ["receipt"] = Receipt,
            ["receipt_url"] = "/protect/receipt#" + Receipt,
            ["files"] = new JsonArray(Enumerable.Range(0, files).Select(i => (JsonNode)new JsonObject
            {
                ["index"] = i,
                ["protected"] = true,
                ["note"] = i == 0 ? "A kind note about the first file." : null,
            }).ToArray()),
            ["found"] = 3,
            ["restricted"] = 2,
            ["held_for_review"] = 1,
        };
        await route.FulfillAsync(new RouteFulfillOptions { Status = 201, ContentType = "application/json", Body = answer.ToJsonString() });
    });

    /// <summary>Picks <paramref name="paths"/> and waits until every one has its fingerprints.</summary>
    public async Task PickAsync(params string[] paths)
    {
        await Page.GotoAsync("/protect");
        await Page.Locator("#files").SetInputFilesAsync(paths);
        await Expect(Page.Locator("#progress")).ToContainTextAsync($"Fingerprints ready for {paths.Length} of {paths.Length}");
    }

    /// <summary>Picks, makes the statement, sends, waits for the receipt; returns the body sent.</summary>
    public async Task<JsonElement> SendAsync(string statement, params string[] paths)
    {
        await PickAsync(paths);
        await Page.Locator($"input[name=statement][value={statement}]").CheckAsync();
        await Page.Locator("#send").ClickAsync();
        await Expect(Page.Locator("#receipt-code")).ToHaveTextAsync(Receipt);
        return JsonDocument.Parse(Submissions[^1]).RootElement.Clone();
    }
}
