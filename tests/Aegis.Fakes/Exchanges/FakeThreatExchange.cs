using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;

namespace Aegis.Fakes.Exchanges;

/// <summary>
/// A faithful fake of ThreatExchange's Graph API, from what python-threatexchange reads and sends: <c>GET
/// /v21.0/{privacy_group}/threat_updates/?access_token=&amp;start_time=&amp;stop_time=&amp;limit=&amp;fields=</c>
/// answers the indicators changed at or after <c>start_time</c> in (last_updated, id) order with only the fields asked
/// for (descriptor sub-fields too), <c>paging.cursors</c> and an absolute <c>paging.next</c> carrying the token, as Graph
/// writes it; <c>GET /v21.0/{indicator}?fields=descriptors{...}</c>; <c>POST /v21.0/{descriptor}/</c> with
/// <c>reactions</c> records a reaction. A wrong token is 401 with Graph's error (OAuthException, code 190); an unknown
/// object or cursor is 400 (code 100). Faults on demand (<see cref="Fail"/>; endpoints <c>threat_updates</c>,
/// <c>indicator</c>, <c>reaction</c>); <see cref="ExpireCursors"/> refuses every cursor given so far.
/// </summary>
public sealed class FakeThreatExchange : IAsyncDisposable
{
    private static readonly HashSet<string> ReactionTypes = ["HELPFUL", "NOT_HELPFUL", "DISAGREE_WITH_TAGS", "SAW_THIS_TOO", "WANT_MORE_INFO", "INGESTED", "IN_REVIEW"];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, FakeThreatUpdate> _updates = [];
    private readonly List<FakeThreatReaction> _reactions = [];
    private int _generation;
    private FakeExchangeHost _host = null!;

    private FakeThreatExchange(string appId, string secret, long privacyGroup)
    {
        AppId = appId;
        Token = appId + "|" + secret;
        PrivacyGroup = privacyGroup;
    }

    /// <summary>The Graph base URL, <c>http://127.0.0.1:{port}/v21.0</c>.</summary>
    public Uri BaseUrl => new(_host.Root + "v21.0");

    /// <summary>The app id of the token the fake accepts.</summary>
    public string AppId { get; }

    /// <summary>The token the fake accepts, <c>appid|secret</c>.</summary>
    public string Token { get; }

    /// <summary>The privacy group the fake serves.</summary>
    public long PrivacyGroup { get; }

    /// <summary>The most updates a page holds, whatever <c>limit</c> asks.</summary>
    public int MaxPageSize { get; set; } = 1000;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<FakeExchangeRequest> Requests => _host.Requests;

    /// <summary>Every reaction received, in order.</summary>
    public IReadOnlyList<FakeThreatReaction> Reactions
    {
        get
        {
            lock (_lock)
            {
                return _reactions.ToList();
            }
        }
    }

    /// <summary>Starts the fake on a free loopback port.</summary>
    public static async Task<FakeThreatExchange> StartAsync(string appId = "1000000000000001", string secret = "fakeThreatExchangeSecret0123", long privacyGroup = 1012185296055235)
    {
        var fake = new FakeThreatExchange(appId, secret, privacyGroup);
        fake._host = await FakeExchangeHost.StartAsync(Endpoint, fake.Handle, "{\"data\": [{\"id\": \"1001\", \"indicator\": \"f8f8");
        return fake;
    }

    /// <summary>Adds or replaces an indicator (by id).</summary>
    public void Put(FakeThreatUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        lock (_lock)
        {
            _updates[update.Id] = update;
        }
    }

    /// <summary>Refuses every paging cursor given so far.</summary>
    public void ExpireCursors() => Interlocked.Increment(ref _generation);

    /// <summary>Makes the <paramref name="nth"/> request from now to <paramref name="endpoint"/> (any when null) meet <paramref name="fault"/>.</summary>
    public void Fail(ExchangeFault fault, string? endpoint = "threat_updates", int nth = 1) => _host.Fail(fault, endpoint, nth);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private static string Endpoint(FakeRequest request) =>
        request.Path.EndsWith("/threat_updates/", StringComparison.Ordinal) ? "threat_updates"
        : request.Method == "POST" ? "reaction"
        : "indicator";

    private FakeAnswer Handle(FakeRequest request)
    {
        var form = request.Method == "POST" ? QueryHelpers.ParseQuery(request.Body) : [];
        var token = request.Param("access_token") ?? form.GetValueOrDefault("access_token").ToString();
        if (token != Token)
        {
            return Error(401, 190, "OAuthException", "Invalid OAuth access token - Cannot parse access token");
        }

        var parts = request.Path.Trim('/').Split('/');
        return (request.Method, parts) switch
        {
            ("GET", ["v21.0", var group, "threat_updates"]) => group == PrivacyGroup.ToString(CultureInfo.InvariantCulture)
                ? ThreatUpdates(request)
                : Error(400, 100, "GraphMethodException", $"Unsupported get request. Object with ID '{group}' does not exist, cannot be loaded due to missing permissions, or does not support this operation."),
            ("GET", ["v21.0", var id]) => Indicator(request, id),
            ("POST", ["v21.0", var id]) => React(request, id, form.GetValueOrDefault("reactions").ToString()),
            _ => Error(400, 100, "GraphMethodException", "Unknown path components"),
        };
    }

    private FakeAnswer ThreatUpdates(FakeRequest request)
    {
        var fields = FieldSelection.Parse(request.Param("fields") ?? "id");
        var start = request.Param("start_time") is { Length: > 0 } s ? long.Parse(s, CultureInfo.InvariantCulture) : long.MinValue;
        var stop = request.Param("stop_time") is { Length: > 0 } e ? long.Parse(e, CultureInfo.InvariantCulture) : long.MaxValue;
        var limit = Math.Min(MaxPageSize, int.Parse(request.Param("limit") ?? "25", CultureInfo.InvariantCulture));
        (long, string)? after = null;
        if (request.Param("after") is { Length: > 0 } cursor)
        {
            var decoded = Cursor(cursor);
            if (decoded is null || decoded.Value.Generation != Volatile.Read(ref _generation))
            {
                return Error(400, 100, "OAuthException", "(#100) The after cursor is not valid.");
            }

            after = (decoded.Value.Time, decoded.Value.Id);
        }

        List<FakeThreatUpdate> all;
        lock (_lock)
        {
            all = _updates.Values.Where(u => u.LastUpdated >= start && u.LastUpdated < stop)
                .OrderBy(u => u.LastUpdated).ThenBy(u => u.Id, StringComparer.Ordinal).ToList();
        }

        var rest = after is { } a ? all.Where(u => (u.LastUpdated, u.Id).CompareTo(a) > 0).ToList() : all;
        var page = rest.Take(limit).ToList();
        var paging = new JsonObject();
        if (page.Count > 0)
        {
            paging["cursors"] = new JsonObject { ["before"] = CursorOf(page[0]), ["after"] = CursorOf(page[^1]) };
        }

        if (rest.Count > page.Count)
        {
            var query = request.Query.ToDictionary(p => p.Key, p => (string?)p.Value);
            query["after"] = CursorOf(page[^1]);
            query["limit"] = limit.ToString(CultureInfo.InvariantCulture);
            paging["next"] = QueryHelpers.AddQueryString(_host.Root + request.Path.TrimStart('/'), query);
        }

        return FakeAnswer.Json(new JsonObject
        {
            ["data"] = new JsonArray(page.Select(u => (JsonNode?)UpdateJson(u, fields)).ToArray()),
            ["paging"] = paging,
        }.ToJsonString());
    }

    private FakeAnswer Indicator(FakeRequest request, string id)
    {
        FakeThreatUpdate? update;
        lock (_lock)
        {
            update = _updates.GetValueOrDefault(id);
        }

        if (update is null)
        {
            return Error(400, 100, "GraphMethodException", $"Unsupported get request. Object with ID '{id}' does not exist.");
        }

        var fields = FieldSelection.Parse(request.Param("fields") ?? "id");
        return FakeAnswer.Json(UpdateJson(update, fields).ToJsonString());
    }

    private FakeAnswer React(FakeRequest request, string descriptorId, string reaction)
    {
        bool known;
        lock (_lock)
        {
            known = _updates.Values.Any(u => u.Descriptors?.Any(d => d.Id == descriptorId) == true);
        }

        if (!known)
        {
            return Error(400, 100, "GraphMethodException", $"Unsupported post request. Object with ID '{descriptorId}' does not exist.");
        }

        if (!ReactionTypes.Contains(reaction))
        {
            return Error(400, 100, "OAuthException", $"(#100) Param reactions must be one of {{{string.Join(", ", ReactionTypes)}}}");
        }

        lock (_lock)
        {
            _reactions.Add(new FakeThreatReaction(descriptorId, reaction, AppId, request.ContentType, request.Body.Replace(Uri.EscapeDataString(Token), "TOKEN", StringComparison.Ordinal)));
        }

        return FakeAnswer.Json("""{"success": true}""");
    }

    private static JsonObject UpdateJson(FakeThreatUpdate update, FieldSelection fields)
    {
        var json = new JsonObject();
        Add(json, fields, "id", update.Id);
        Add(json, fields, "indicator", update.Indicator);
        Add(json, fields, "type", update.Type);
        Add(json, fields, "last_updated", update.LastUpdated);
        Add(json, fields, "should_delete", update.ShouldDelete);
        if (fields.Sub("descriptors") is { } sub && update.Descriptors is { } descriptors)
        {
            json["descriptors"] = new JsonObject
            {
                ["data"] = new JsonArray(descriptors.Select(d => (JsonNode?)DescriptorJson(d, sub)).ToArray()),
            };
        }

        return json;
    }

    private static JsonObject DescriptorJson(FakeThreatDescriptor descriptor, FieldSelection fields)
    {
        var json = new JsonObject();
        Add(json, fields, "id", descriptor.Id);
        if (descriptor.Owner is not null && fields.Sub("owner") is { } owner)
        {
            var ownerJson = new JsonObject();
            Add(ownerJson, owner, "id", descriptor.Owner);
            json["owner"] = ownerJson;
        }

        Add(json, fields, "status", descriptor.Status);
        if (fields.Has("tags"))
        {
            json["tags"] = new JsonObject { ["data"] = new JsonArray((descriptor.Tags ?? []).Select((t, i) => (JsonNode?)new JsonObject { ["id"] = $"90{i}", ["text"] = t }).ToArray()) };
        }

        if (fields.Has("reactions") && descriptor.Reactions is { Count: > 0 } reactions)
        {
            json["reactions"] = new JsonArray(reactions.Select(r => (JsonNode?)new JsonObject { ["key"] = r.Key, ["value"] = string.Join(',', r.Value) }).ToArray());
        }

        Add(json, fields, "added_on", "2023-11-14T22:13:20+0000");
        return json;
    }

    private static void Add(JsonObject json, FieldSelection fields, string name, JsonNode? value)
    {
        if (fields.Has(name))
        {
            json[name] = value;
        }
    }

    private string CursorOf(FakeThreatUpdate update) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Volatile.Read(ref _generation)}:{update.LastUpdated}:{update.Id}"));

    private static (int Generation, long Time, string Id)? Cursor(string cursor)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).Split(':', 3);
            return parts.Length == 3 ? (int.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture), parts[2]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static FakeAnswer Error(int status, int code, string type, string message) =>
        FakeAnswer.Json(new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = type, ["code"] = code, ["fbtrace_id"] = "AfakeTraceId" },
        }.ToJsonString(), status);

    /// <summary>Graph's <c>fields</c> parameter: <c>a,b,c{d,e{f}}</c>.</summary>
    private sealed class FieldSelection
    {
        private readonly Dictionary<string, FieldSelection?> _fields = new(StringComparer.Ordinal);

        public bool Has(string name) => _fields.ContainsKey(name);

        public FieldSelection? Sub(string name) => _fields.TryGetValue(name, out var sub) ? sub ?? new FieldSelection() : null;

        public static FieldSelection Parse(string text)
        {
            var at = 0;
            var selection = Read(text, ref at);
            return at == text.Length ? selection : throw new FormatException($"Unbalanced fields '{text}'.");
        }

        private static FieldSelection Read(string text, ref int at)
        {
            var selection = new FieldSelection();
            var name = new StringBuilder();
            while (at < text.Length)
            {
                var c = text[at++];
                switch (c)
                {
                    case ',':
                        Flush(selection, name, null);
                        break;
                    case '{':
                        Flush(selection, name, Read(text, ref at));
                        break;
                    case '}':
                        Flush(selection, name, null);
                        return selection;
                    default:
                        name.Append(c);
                        break;
                }
            }

            Flush(selection, name, null);
            return selection;
        }

        private static void Flush(FieldSelection selection, StringBuilder name, FieldSelection? sub)
        {
            if (name.Length > 0)
            {
                selection._fields[name.ToString().Trim()] = sub;
                name.Clear();
            }
        }
    }
}
