using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aegis.Fakes.Exchanges;

/// <summary>
/// A faithful fake of StopNCII's hash API, from the formats python-threatexchange reads: <c>GET
/// {base}/FetchHashes?startTimestamp=&amp;pageSize=[&amp;nextPageToken=]</c> answers the hashes changed at or after
/// <c>startTimestamp</c> in (last change, type, hash) order, at most <see cref="MaxPageSize"/> a page, with an opaque
/// continuation token (a cursor past the page's last record, so a hash changed during a run comes again later in it,
/// never skipped), <c>hasMoreRecords</c> and <c>nextSetTimestamp</c> (the newest change time of the run's hashes);
/// <c>POST {base}/SubmitFeedback</c> records feedback. Each endpoint checks its own <c>x-functions-key</c> and the
/// <c>Ocp-Apim-Subscription-Key</c> (401 when wrong). Faults on demand (<see cref="Fail"/>; endpoints
/// <c>FetchHashes</c>, <c>SubmitFeedback</c>); <see cref="ExpireTokens"/> makes every token given so far refused (400).
/// </summary>
public sealed class FakeStopNcii : IAsyncDisposable
{
    private static readonly HashSet<string> FeedbackValues = ["Unknown", "None", "QualityUnknown", "PendingReview", "Blocked", "NotBlocked", "Withdrawn", "Deleted"];

    private readonly Lock _lock = new();
    private readonly Dictionary<(string, string), FakeStopNciiRecord> _records = [];
    private readonly List<FakeStopNciiFeedback> _feedback = [];
    private int _generation;
    private FakeExchangeHost _host = null!;

    private FakeStopNcii(string fetchKey, string subscriptionKey, string feedbackKey)
    {
        FetchKey = fetchKey;
        SubscriptionKey = subscriptionKey;
        FeedbackKey = feedbackKey;
    }

    /// <summary>The API's base URL, <c>http://127.0.0.1:{port}/v1</c> (the <c>base_url_override</c> credential).</summary>
    public Uri BaseUrl => new(_host.Root + "v1");

    public string FetchKey { get; }

    public string SubscriptionKey { get; }

    public string FeedbackKey { get; }

    /// <summary>The most records a page holds, whatever <c>pageSize</c> asks.</summary>
    public int MaxPageSize { get; set; } = 800;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<FakeExchangeRequest> Requests => _host.Requests;

    /// <summary>Every feedback submitted, in order.</summary>
    public IReadOnlyList<FakeStopNciiFeedback> Feedback
    {
        get
        {
            lock (_lock)
            {
                return _feedback.ToList();
            }
        }
    }

    /// <summary>Starts the fake on a free loopback port.</summary>
    public static async Task<FakeStopNcii> StartAsync(string fetchKey = "fake-fetch-key", string subscriptionKey = "fake-subscription-key", string feedbackKey = "fake-feedback-key")
    {
        var fake = new FakeStopNcii(fetchKey, subscriptionKey, feedbackKey);
        fake._host = await FakeExchangeHost.StartAsync(r => r.Path.Split('/')[^1], fake.Handle, "{\"count\": 2, \"nextSetTimestamp\": 1625175071, \"hashRecords\": [{\"hashValue\": \"2afc");
        return fake;
    }

    /// <summary>Adds or replaces a hash (by type and value).</summary>
    public void Put(FakeStopNciiRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_lock)
        {
            _records[(record.SignalType, record.HashValue)] = record;
        }
    }

    /// <summary>Refuses every page token given so far (as a token that has lived too long is).</summary>
    public void ExpireTokens() => Interlocked.Increment(ref _generation);

    /// <summary>Makes the <paramref name="nth"/> request from now to <paramref name="endpoint"/> (any when null) meet <paramref name="fault"/>.</summary>
    public void Fail(ExchangeFault fault, string? endpoint = "FetchHashes", int nth = 1) => _host.Fail(fault, endpoint, nth);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    private FakeAnswer Handle(FakeRequest request) => (request.Method, request.Path) switch
    {
        ("GET", "/v1/FetchHashes") => Signed(request, FetchKey) ?? FetchHashes(request),
        ("POST", "/v1/SubmitFeedback") => Signed(request, FeedbackKey) ?? SubmitFeedback(request),
        _ => FakeAnswer.Json("""{"statusCode": 404, "message": "Resource not found"}""", 404),
    };

    private FakeAnswer? Signed(FakeRequest request, string functionKey) =>
        request.Header("x-functions-key") == functionKey && request.Header("ocp-apim-subscription-key") == SubscriptionKey
            ? null
            : FakeAnswer.Json("""{"statusCode": 401, "message": "Access denied due to invalid subscription key or function key."}""", 401);

    private FakeAnswer FetchHashes(FakeRequest request)
    {
        var start = long.Parse(request.Param("startTimestamp") ?? throw new FormatException("startTimestamp is required."), CultureInfo.InvariantCulture);
        var size = Math.Min(MaxPageSize, int.Parse(request.Param("pageSize") ?? "800", CultureInfo.InvariantCulture));
        (long Time, string Type, string Hash)? after = null;
        if (request.Param("nextPageToken") is { Length: > 0 } token)
        {
            var cursor = Cursor(token);
            if (cursor is null || cursor.Value.Generation != Volatile.Read(ref _generation) || cursor.Value.Start != start)
            {
                return FakeAnswer.Json("""{"statusCode": 400, "message": "Invalid continuation token."}""", 400);
            }

            after = (cursor.Value.Time, cursor.Value.Type, cursor.Value.Hash);
        }

        List<FakeStopNciiRecord> run;
        lock (_lock)
        {
            run = _records.Values.Where(r => r.LastModified >= start)
                .OrderBy(r => r.LastModified).ThenBy(r => r.SignalType, StringComparer.Ordinal).ThenBy(r => r.HashValue, StringComparer.Ordinal)
                .ToList();
        }

        var rest = after is { } a
            ? run.Where(r => (r.LastModified, r.SignalType, r.HashValue).CompareTo((a.Time, a.Type, a.Hash)) > 0).ToList()
            : run;
        var page = rest.Take(size).ToList();
        var more = rest.Count > page.Count;
        var answer = new JsonObject
        {
            ["count"] = page.Count,
            ["nextSetTimestamp"] = run.Count == 0 ? start : run.Max(r => r.LastModified),
            ["nextPageToken"] = more ? Token(start, page[^1]) : null,
            ["hasMoreRecords"] = more,
            ["hashRecords"] = new JsonArray(page.Select(Record).ToArray<JsonNode?>()),
        };
        return FakeAnswer.Json(answer.ToJsonString());
    }

    private FakeAnswer SubmitFeedback(FakeRequest request)
    {
        if (!request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return FakeAnswer.Json("""{"statusCode": 415, "message": "Expected application/json."}""", 415);
        }

        var body = JsonNode.Parse(request.Body)!.AsObject();
        var items = body["hashFeedbacks"]!.AsArray();
        if (body["count"]!.GetValue<int>() != items.Count || body.Count != 2)
        {
            return FakeAnswer.Json("""{"statusCode": 400, "message": "count must be the number of hashFeedbacks."}""", 400);
        }

        var received = new List<FakeStopNciiFeedback>();
        foreach (var item in items.Select(i => i!.AsObject()))
        {
            var value = item["feedbackValue"]!.GetValue<string>();
            if (!FeedbackValues.Contains(value) || item.Count != 3)
            {
                return FakeAnswer.Json("""{"statusCode": 400, "message": "Each feedback has tags, feedbackValue and hashValue."}""", 400);
            }

            received.Add(new FakeStopNciiFeedback("", value, item["tags"]!.AsArray().Select(t => t!.GetValue<string>()).ToList(), item["hashValue"]!.GetValue<string>()));
        }

        lock (_lock)
        {
            _feedback.AddRange(received);
        }

        return FakeAnswer.Json($$"""{"count": {{received.Count}}}""");
    }

    private static JsonObject Record(FakeStopNciiRecord record)
    {
        var json = new JsonObject
        {
            ["lastModtimestamp"] = record.LastModified,
            ["hashValue"] = record.HashValue,
            ["hashStatus"] = record.HashStatus,
            ["caseNumbers"] = new JsonObject { ["bd2bff7c-8160-4615-8dce-38c2f066d1ac"] = record.HashStatus },
            ["signalType"] = record.SignalType,
        };
        if (record.Feedbacks is { Count: > 0 } feedbacks)
        {
            json["CSPFeedbacks"] = new JsonArray(feedbacks.Select(f => (JsonNode?)new JsonObject
            {
                ["source"] = f.Source,
                ["feedbackValue"] = f.FeedbackValue,
                ["tags"] = new JsonArray(f.Tags.Select(t => (JsonNode?)t).ToArray()),
            }).ToArray());
        }

        return json;
    }

    private string Token(long start, FakeStopNciiRecord last) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new[] { Volatile.Read(ref _generation).ToString(CultureInfo.InvariantCulture), start.ToString(CultureInfo.InvariantCulture), last.LastModified.ToString(CultureInfo.InvariantCulture), last.SignalType, last.HashValue })));

    private static (int Generation, long Start, long Time, string Type, string Hash)? Cursor(string token)
    {
        try
        {
            var parts = JsonSerializer.Deserialize<string[]>(Encoding.UTF8.GetString(Convert.FromBase64String(token)));
            return parts is { Length: 5 }
                ? (int.Parse(parts[0], CultureInfo.InvariantCulture), long.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture), parts[3], parts[4])
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}
