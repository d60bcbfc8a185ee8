using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aegis.Exchanges;

/// <summary>
/// Reads an exchange's settings and credentials (JSON objects) field by field, for <see cref="IExchangeApi.Validate"/>
/// and <see cref="IExchangeApi.Create"/>: each reader gives the value or a message naming the field.
/// </summary>
internal static class ExchangeFields
{
    /// <summary>Why <paramref name="json"/> holds a field <paramref name="fields"/> does not name (a typo would otherwise be ignored), or null.</summary>
    /// <param name="json">The settings or credentials.</param>
    /// <param name="fields">The fields the API takes.</param>
    /// <param name="api">The API's name, for the message.</param>
    /// <param name="kind">"setting" or "credential".</param>
    public static string? Unknown(JsonObject json, IReadOnlyList<ExchangeField> fields, string api, string kind)
    {
        foreach (var (name, _) in json)
        {
            if (!fields.Any(f => f.Name == name))
            {
                var known = fields.Count == 0 ? "none" : string.Join(", ", fields.Select(f => f.Name));
                return $"'{name}' is not a {kind} of the {api} exchange API (its {kind}s: {known}).";
            }
        }

        return null;
    }

    /// <summary>A string field (null when absent or JSON null and not required); the message when it is wrong.</summary>
    public static string? String(JsonObject json, string name, bool required, out string? value)
    {
        value = null;
        var node = json[name];
        if (node is null)
        {
            return required ? $"'{name}' is required." : null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            return $"'{name}' must be a string.";
        }

        value = node.GetValue<string>();
        return required && value.Length == 0 ? $"'{name}' must not be empty." : null;
    }

    /// <summary>A whole-number field, given as a JSON number or a string of digits (as a web form sends it).</summary>
    public static string? Integer(JsonObject json, string name, bool required, out long? value)
    {
        value = null;
        var node = json[name];
        if (node is null)
        {
            return required ? $"'{name}' is required." : null;
        }

        if (TryInteger(node, out var number))
        {
            value = number;
            return null;
        }

        return $"'{name}' must be a whole number.";
    }

    /// <summary>A set of whole numbers given as a JSON list (empty when absent).</summary>
    public static string? IntegerSet(JsonObject json, string name, out IReadOnlySet<long> value)
    {
        value = new HashSet<long>();
        var node = json[name];
        if (node is null)
        {
            return null;
        }

        if (node is not JsonArray items)
        {
            return $"'{name}' must be a list of whole numbers.";
        }

        var set = new HashSet<long>();
        foreach (var item in items)
        {
            if (item is null || !TryInteger(item, out var number))
            {
                return $"'{name}' must be a list of whole numbers; it holds {Shown(item)}.";
            }

            set.Add(number);
        }

        value = set;
        return null;
    }

    /// <summary>An absolute http or https URL field (null when absent).</summary>
    public static string? Url(JsonObject json, string name, out Uri? value)
    {
        value = null;
        var problem = String(json, name, required: false, out var text);
        if (problem is not null || string.IsNullOrEmpty(text))
        {
            return problem;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Query.Length > 0)
        {
            return $"'{name}' must be an absolute http or https URL without a query.";
        }

        value = url;
        return null;
    }

    /// <summary>Text for a message, cut to 60 characters.</summary>
    public static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    private static bool TryInteger(JsonNode node, out long value)
    {
        value = 0;
        return node.GetValueKind() switch
        {
            JsonValueKind.Number => node.AsValue().TryGetValue(out value) || (node.AsValue().TryGetValue<double>(out var d) && IsWhole(d, out value)),
            JsonValueKind.String => long.TryParse(node.GetValue<string>(), NumberStyles.None, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }

    private static bool IsWhole(double d, out long value)
    {
        value = (long)d;
        return d == Math.Floor(d) && Math.Abs(d) < 9e15;
    }

    private static string Shown(JsonNode? item)
    {
        var text = item?.ToJsonString() ?? "null";
        return text.Length <= 40 ? text : text[..40] + "…";
    }
}
