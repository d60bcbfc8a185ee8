using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>Reads HMA's query parameters and loosely typed JSON fields, refusing bad values with HMA's messages.</summary>
internal static class HmaParse
{
    /// <summary>The query parameter, or null when it is absent or empty.</summary>
    public static string? Query(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var value) && value.ToString() is { Length: > 0 } text ? text : null;

    /// <summary>HMA's <c>str_to_bool</c>: true, 1, false or 0, in any case (also yes/no/on/off, as pydantic reads them).</summary>
    public static bool Bool(string? text, bool fallback) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" => fallback,
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw new HmaException(StatusCodes.Status400BadRequest, "invalid boolean parameter - prefer true/false"),
    };

    /// <summary>The comma-separated list (<c>banks=A,B</c>, <c>types=pdq,video_md5</c>), or null when absent.</summary>
    public static IReadOnlyList<string>? List(string? text) =>
        text?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>A JSON field that is a number or a number written as a string (Coop sends ratios as strings).</summary>
    public static double? Float(JsonNode? node, string name) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String &&
            double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new HmaException(StatusCodes.Status400BadRequest, $"Invalid float: '{Text(node)}' ({name})"),
    };

    /// <summary>A JSON field that is an integer or an integer written as a string.</summary>
    public static long? Int(JsonNode? node, string name) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out var number) => number,
        JsonValue v when v.GetValueKind() == JsonValueKind.String &&
            long.TryParse(v.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw new HmaException(StatusCodes.Status400BadRequest, $"Invalid int: '{Text(node)}' ({name})"),
    };

    /// <summary>A JSON field that is true or false (or a string HMA's <c>str_to_bool</c> reads).</summary>
    public static bool? Bool(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Bool(v.GetValue<string>(), false),
        _ => throw new HmaException(StatusCodes.Status400BadRequest, "invalid boolean parameter - prefer true/false"),
    };

    /// <summary>A JSON field that must be a string when present.</summary>
    public static string? String(JsonNode? node, string name) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw new HmaException(StatusCodes.Status400BadRequest, $"{name} should be a string"),
    };

    private static string Text(JsonNode node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String
        ? v.GetValue<string>()
        : node.ToJsonString();
}
