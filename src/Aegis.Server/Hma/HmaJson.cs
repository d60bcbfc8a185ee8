using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aegis.Matching.Banks;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>
/// HMA's JSON: written from <see cref="JsonNode"/>s so the shapes are exactly HMA's (keys in the sorted order Flask's
/// <c>jsonify</c> writes, bank names verbatim as keys, ratios as <c>1.0</c>), and request bodies read leniently.
/// </summary>
internal static class HmaJson
{
    private static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Bodies are read strictly in one respect: a key given twice is refused, not silently last-wins.</summary>
    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    /// <summary><paramref name="node"/> as the body, <c>application/json</c>.</summary>
    public static IResult Json(JsonNode? node, int status = StatusCodes.Status200OK) =>
        TypedResults.Text(node?.ToJsonString(Output) ?? "null", "application/json", Encoding.UTF8, status);

    /// <summary>HMA's error (and acknowledgement) body: <c>{"message": …}</c>.</summary>
    public static IResult Message(int status, string message) => Json(new JsonObject { ["message"] = message }, status);

    /// <summary>A Python float as Flask writes it (<c>repr</c>: <c>1.0</c>, <c>0.5</c>, <c>1e-05</c>).</summary>
    public static JsonNode Float(double value)
    {
        var text = value.ToString("R", CultureInfo.InvariantCulture).Replace('E', 'e');
        return JsonNode.Parse(text.Contains('.', StringComparison.Ordinal) || text.Contains('e', StringComparison.Ordinal) ? text : text + ".0")!;
    }

    /// <summary>
    /// A bank's HMA <c>matching_enabled_ratio</c>: its <see cref="Bank.MatchingRatio"/> while it is enabled, 0.0 while it
    /// is disabled (as the native API may have left it).
    /// </summary>
    public static JsonNode Ratio(Bank bank) => Float(bank.Enabled ? bank.MatchingRatio : 0.0);

    /// <summary>HMA's <c>BankConfig</c>: <c>{"matching_enabled_ratio": 1.0, "name": "…"}</c>.</summary>
    public static JsonObject Bank(Bank bank) => new() { ["matching_enabled_ratio"] = Ratio(bank), ["name"] = bank.Name };

    /// <summary>
    /// A copy of <paramref name="node"/> with every object's keys in the order Flask's <c>jsonify</c> writes them (Python's
    /// <c>sort_keys</c>: by code point).
    /// </summary>
    public static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, CodePointOrder.Instance).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray([.. array.Select(Sorted)]),
        _ => node?.DeepClone(),
    };

    /// <summary>Signals as HMA writes them: <c>{"pdq": "…", "video_md5": "…"}</c>.</summary>
    public static JsonObject Signals(IEnumerable<KeyValuePair<string, string>> signals)
    {
        var json = new JsonObject();
        foreach (var (name, value) in signals.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            json[name] = value;
        }

        return json;
    }

    /// <summary>
    /// The request's JSON body, or null when there is none (empty, or a form). A body that is not JSON is refused with
    /// a 400.
    /// </summary>
    public static async Task<JsonNode?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HasFormContentType)
        {
            return null;
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return Parse(text);
        }
        catch (JsonException e)
        {
            throw new HmaException(StatusCodes.Status400BadRequest, Describe(e, "The request body"));
        }
    }

    /// <summary>
    /// A JSON text sent by a client (a body, a form field): a key given twice is refused, and so is a string or key that
    /// escapes half a surrogate pair (<c>"\ud800"</c>), which the parser accepts and reading the name or value would
    /// throw on later (found by the fuzzer: a 500).
    /// </summary>
    /// <exception cref="JsonException">Not JSON, or a key is given twice.</exception>
    /// <exception cref="HmaException">A string or key is not valid Unicode (a 400).</exception>
    public static JsonNode? Parse(string text)
    {
        try
        {
            var node = JsonNode.Parse(text, documentOptions: Strict);
            ReadAll(node);
            return node;
        }
        catch (InvalidOperationException)
        {
            throw new HmaException(
                StatusCodes.Status400BadRequest, "The JSON has a string or key that is not valid Unicode (an escaped lone surrogate such as \\ud800).");
        }
    }

    /// <summary>Reads every key and string once, so that one the parser let through fails here and not where it is used.</summary>
    private static void ReadAll(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, value) in obj)
                {
                    ReadAll(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    ReadAll(item);
                }

                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                _ = value.GetValue<string>();
                break;
        }
    }

    /// <summary>What is wrong with the JSON text <paramref name="subject"/>, naming no .NET type.</summary>
    public static string Describe(JsonException e, string subject) => Hosting.JsonErrors.Describe(e, null, Output, subject);

    /// <summary>The body as a JSON object, or a 400 saying what was expected.</summary>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken) =>
        await ReadBodyAsync(request, cancellationToken) switch
        {
            JsonObject body => body,
            null => throw new HmaException(StatusCodes.Status400BadRequest, "A JSON object body is required"),
            _ => throw new HmaException(StatusCodes.Status400BadRequest, "The request body must be a JSON object"),
        };

    /// <summary>Strings by Unicode code point, as Python compares them (UTF-16 ordinal order differs above U+FFFF).</summary>
    private sealed class CodePointOrder : IComparer<string>
    {
        public static CodePointOrder Instance { get; } = new();

        public int Compare(string? x, string? y)
        {
            var left = (x ?? "").EnumerateRunes();
            var right = (y ?? "").EnumerateRunes();
            while (true)
            {
                var more = left.MoveNext();
                if (more != right.MoveNext())
                {
                    return more ? 1 : -1;
                }

                if (!more)
                {
                    return 0;
                }

                if (left.Current.Value != right.Current.Value)
                {
                    return left.Current.Value.CompareTo(right.Current.Value);
                }
            }
        }
    }
}
