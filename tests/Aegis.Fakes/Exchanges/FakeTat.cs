using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Aegis.Fakes.Exchanges;

/// <summary>
/// A faithful fake of Tech Against Terrorism's hash list API (TCAP), from the formats python-threatexchange reads:
/// <c>POST /token-auth/tcap/</c> (form <c>username</c>, <c>password</c>, <c>resend</c>) answers
/// <c>{"user", "token"}</c> or 400 to wrong credentials; <c>GET /api/hash-list/v2/all</c> with <c>Authorization:
/// Bearer</c> (401 otherwise) answers <c>{"count", "next", "previous", "checkpoint", "results"}</c>: the entries after
/// <c>after</c> (<c>"{updated_on},{id}"</c>) in ascending (updated_on, id) order, <c>limit</c>/<c>offset</c> paging
/// (<see cref="PageSize"/> by default) with absolute <c>next</c>/<c>previous</c> links as Django REST framework writes
/// them, and the page's last entry as <c>checkpoint</c>. Faults on demand (<see cref="Fail"/>; endpoints <c>auth</c>,
/// <c>hash-list</c>); <see cref="ExpireTokens"/> refuses every token given so far.
/// </summary>
public sealed class FakeTat : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, FakeTatEntry> _entries = [];
    private readonly HashSet<string> _tokens = [];
    private int _signIns;
    private FakeExchangeHost _host = null!;

    private FakeTat(string username, string password)
    {
        Username = username;
        Password = password;
    }

    /// <summary>The service's base URL, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri BaseUrl => _host.Root;

    public string Username { get; }

    public string Password { get; }

    /// <summary>Entries a page when the request gives no <c>limit</c>.</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>How many sign-ins succeeded.</summary>
    public int SignIns => Volatile.Read(ref _signIns);

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<FakeExchangeRequest> Requests => _host.Requests;

    /// <summary>Starts the fake on a free loopback port.</summary>
    public static async Task<FakeTat> StartAsync(string username = "aegis-test", string password = "fake-tat-password")
    {
        var fake = new FakeTat(username, password);
        fake._host = await FakeExchangeHost.StartAsync(
            r => r.Path.StartsWith("/token-auth", StringComparison.Ordinal) ? "auth" : "hash-list",
            fake.Handle,
            "{\"count\": 3, \"next\": null, \"results\": [{\"hash_digest\": \"12");
        return fake;
    }

    /// <summary>Adds or replaces an entry (by id).</summary>
    public void Put(FakeTatEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_lock)
        {
            _entries[entry.Id] = entry;
        }
    }

    /// <summary>Refuses every token given so far (as an expired JWT is).</summary>
    public void ExpireTokens()
    {
        lock (_lock)
        {
            _tokens.Clear();
        }
    }

    /// <summary>Makes the <paramref name="nth"/> request from now to <paramref name="endpoint"/> (any when null) meet <paramref name="fault"/>.</summary>
    public void Fail(ExchangeFault fault, string? endpoint = "hash-list", int nth = 1) => _host.Fail(fault, endpoint, nth);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private FakeAnswer Handle(FakeRequest request) => (request.Method, request.Path) switch
    {
        ("POST", "/token-auth/tcap/") => SignIn(request),
        ("GET", "/api/hash-list/v2/all") => List(request),
        _ => FakeAnswer.Json("""{"detail": "Not found."}""", 404),
    };

    private FakeAnswer SignIn(FakeRequest request)
    {
        if (!request.ContentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return FakeAnswer.Json("""{"detail": "Unsupported media type."}""", 415);
        }

        var form = QueryHelpers.ParseQuery(request.Body);
        if (form.GetValueOrDefault("username") != Username || form.GetValueOrDefault("password") != Password)
        {
            return FakeAnswer.Json("""{"non_field_errors": ["Unable to log in with provided credentials."]}""", 400);
        }

        var token = "tcap." + Guid.NewGuid().ToString("N");
        lock (_lock)
        {
            _tokens.Add(token);
        }

        Interlocked.Increment(ref _signIns);
        return FakeAnswer.Json(new JsonObject
        {
            ["user"] = new JsonObject { ["id"] = 7, ["username"] = Username },
            ["token"] = token,
        }.ToJsonString());
    }

    private FakeAnswer List(FakeRequest request)
    {
        var header = request.Header("authorization") ?? "";
        bool known;
        lock (_lock)
        {
            known = header.StartsWith("Bearer ", StringComparison.Ordinal) && _tokens.Contains(header[7..]);
        }

        if (!known)
        {
            return FakeAnswer.Json("""{"detail": "Given token not valid for any token type"}""", 401);
        }

        var after = request.Param("after") is { Length: > 0 } text ? Cursor(text) : ((long, long)?)null;
        var limit = int.Parse(request.Param("limit") ?? PageSize.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var offset = int.Parse(request.Param("offset") ?? "0", CultureInfo.InvariantCulture);
        var descending = request.Param("order") == "desc";
        List<FakeTatEntry> all;
        lock (_lock)
        {
            all = _entries.Values.Where(e => after is not { } a || (Micros(e.UpdatedOn), e.Id).CompareTo(a) > 0).OrderBy(e => Micros(e.UpdatedOn)).ThenBy(e => e.Id).ToList();
        }

        if (descending)
        {
            all.Reverse();
        }

        var page = all.Skip(offset).Take(limit).ToList();
        var answer = new JsonObject
        {
            ["count"] = all.Count,
            ["next"] = offset + limit < all.Count ? Link(request, limit, offset + limit) : null,
            ["previous"] = offset > 0 ? Link(request, limit, Math.Max(0, offset - limit)) : null,
            ["checkpoint"] = page.Count == 0 ? "" : Checkpoint(page[^1]),
            ["results"] = new JsonArray(page.Select(e => (JsonNode?)new JsonObject
            {
                ["hash_digest"] = e.HashDigest,
                ["algorithm"] = e.Algorithm,
                ["ideology"] = e.Ideology,
                ["file_type"] = e.FileType,
                ["deleted"] = e.Deleted,
                ["updated_on"] = e.UpdatedOn,
                ["created_on"] = DateTimeOffset.FromUnixTimeMilliseconds((long)(e.UpdatedOn * 1000)).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
                ["id"] = e.Id,
            }).ToArray()),
        };
        return FakeAnswer.Json(answer.ToJsonString());
    }

    private string Link(FakeRequest request, int limit, int offset)
    {
        var query = new Dictionary<string, string?>(request.Query.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)))
        {
            ["limit"] = limit.ToString(CultureInfo.InvariantCulture),
            ["offset"] = offset.ToString(CultureInfo.InvariantCulture),
        };
        return QueryHelpers.AddQueryString(_host.Root + "api/hash-list/v2/all", query);
    }

    private static string Checkpoint(FakeTatEntry entry) =>
        entry.UpdatedOn.ToString("F6", CultureInfo.InvariantCulture) + "," + entry.Id.ToString(CultureInfo.InvariantCulture);

    /// <summary>A time to the microsecond, as the checkpoint writes it (compared as whole numbers: no float rounding).</summary>
    private static long Micros(double seconds) => (long)Math.Round(seconds * 1_000_000);

    private static (long, long) Cursor(string text)
    {
        var parts = text.Split(',');
        return parts.Length == 2
            ? ((long)(decimal.Parse(parts[0], CultureInfo.InvariantCulture) * 1_000_000), long.Parse(parts[1], CultureInfo.InvariantCulture))
            : throw new FormatException($"'after' must be a checkpoint like 1724856487.709035,10594; got '{text}'.");
    }
}
