using System.Net;
using System.Text.RegularExpressions;

namespace Aegis.Server.Tests.Support;

/// <summary>
/// A browser's part of the review console, over HTTP: cookies kept, redirects not followed (so a test sees them), the
/// antiforgery token read from the page's form as a browser would submit it.
/// </summary>
public sealed partial class ConsoleClient : IDisposable
{
    private readonly HttpClient _client;

    /// <param name="address">The server.</param>
    /// <param name="cookies">The cookies to send (another client's, to show one session on another node); new when null.</param>
    public ConsoleClient(Uri address, CookieContainer? cookies = null)
    {
        Cookies = cookies ?? new CookieContainer();
        _client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = address, Timeout = Waits.HangGuard };
    }

    public CookieContainer Cookies { get; }

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    /// <summary>Sends a request with this browser's cookies (a script's fetch, with its own headers).</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _client.SendAsync(request);

    /// <summary>Reads the form on <paramref name="page"/>, then posts <paramref name="fields"/> with its antiforgery token to <paramref name="action"/> (the page itself when null).</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string page, IReadOnlyDictionary<string, string> fields, string? action = null)
    {
        using var form = await _client.GetAsync(page);
        var html = await form.Content.ReadAsStringAsync();
        var token = Token(html) ?? throw new InvalidOperationException($"{page} ({(int)form.StatusCode}) has no antiforgery token: {html[..Math.Min(html.Length, 400)]}");
        return await PostAsync(action ?? page, fields, token);
    }

    /// <summary>Posts <paramref name="fields"/> with <paramref name="token"/> (none when null) as a form.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, IReadOnlyDictionary<string, string> fields, string? token)
    {
        var all = new Dictionary<string, string>(fields);
        if (token is not null)
        {
            all["__RequestVerificationToken"] = token;
        }

        return _client.PostAsync(path, new FormUrlEncodedContent(all));
    }

    /// <summary>Signs in with a name and password (no TOTP); the answer is the sign-in post's.</summary>
    public Task<HttpResponseMessage> SignInAsync(string name, string password) =>
        SubmitAsync("/console/signin", new Dictionary<string, string> { ["name"] = name, ["password"] = password });

    /// <summary>The antiforgery token of the first form in <paramref name="html"/>, or null.</summary>
    public static string? Token(string html) => TokenField().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
