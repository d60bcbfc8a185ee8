using System.Net;
using System.Text.RegularExpressions;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Tests.Console;

/// <summary>What the console's page tests share: users made in the store, signed-in browsers, reading pages.</summary>
internal static partial class ConsolePages
{
    public const string Password = "correct horse battery";

    /// <summary>A user made in the store and a browser signed in as them.</summary>
    public static async Task<ConsoleClient> SignedInAsync(RunningServer server, string name, ApiKeyRole role)
    {
        await server.Services.GetRequiredService<UserStore>().CreateAsync(name, role, Password, "test");
        var browser = new ConsoleClient(server.Address);
        using var signIn = await browser.SignInAsync(name, Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return browser;
    }

    /// <summary>The page's HTML, after checking its status.</summary>
    public static async Task<string> HtmlAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode} instead of {(int)expected}: {html[..Math.Min(html.Length, 2000)]}");
        return html;
    }

    /// <summary>GETs a page and returns its HTML (200 expected).</summary>
    public static async Task<string> PageAsync(this ConsoleClient browser, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await browser.GetAsync(path);
        return await response.HtmlAsync(expected);
    }

    /// <summary>The <c>value</c> of the input with this id (the secrets shown once are in read-only inputs).</summary>
    public static string InputValue(string html, string id)
    {
        var match = Regex.Match(html, $"id=\"{Regex.Escape(id)}\"[^>]*value=\"([^\"]*)\"");
        Assert.True(match.Success, $"no input {id} with a value in the page");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    /// <summary>The page's text without its tags and entities, for messages (which may hold quotes).</summary>
    public static string Text(string html) => WebUtility.HtmlDecode(Tags().Replace(html, " "));

    /// <summary>Every audit entry so far (sealed first).</summary>
    public static async Task<List<AuditEntry>> AuditAsync(RunningServer server)
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in server.Services.GetRequiredService<AuditLog>().ReadAsync())
        {
            entries.Add(entry);
        }

        return entries;
    }

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();
}
