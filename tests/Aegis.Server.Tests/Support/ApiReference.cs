using System.Text;
using System.Text.Json.Nodes;

namespace Aegis.Server.Tests.Support;

/// <summary>Renders an OpenAPI 3 document as a Markdown reference page: endpoints by tag, then the schemas.</summary>
internal static class ApiReference
{
    public static string Render(JsonNode document)
    {
        var text = new StringBuilder();
        text.Append("# Aegis HTTP API reference\n\n");
        text.Append("Generated from the server's OpenAPI document (`GET /openapi/v1.json`, also in `docs/openapi.json`) by\n");
        text.Append("`tests/Aegis.Server.Tests/ApiReferenceTests.cs`; do not edit by hand. Every endpoint but `/healthz` and\n");
        text.Append("`/readyz` needs an API key (`Authorization: Bearer aegis_…` or `X-Api-Key`); errors are RFC 9457 problems\n");
        text.Append("(`application/problem+json`) with a `detail` that says what to fix. JSON names are snake_case.\n\n");
        var operations = new List<(string Tag, string Method, string Path, JsonNode Operation)>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                var tag = operation!["tags"]?.AsArray().FirstOrDefault()?.GetValue<string>() ?? "Other";
                operations.Add((tag, method.ToUpperInvariant(), path, operation));
            }
        }

        foreach (var group in operations.GroupBy(o => o.Tag).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append("## ").Append(group.Key).Append("\n\n");
            foreach (var (_, method, path, operation) in group.OrderBy(o => o.Path, StringComparer.Ordinal).ThenBy(o => o.Method, StringComparer.Ordinal))
            {
                text.Append("### `").Append(method).Append(' ').Append(path).Append("`\n\n");
                if (operation["summary"]?.GetValue<string>() is { } summary)
                {
                    text.Append(summary).Append("\n\n");
                }

                if (operation["description"]?.GetValue<string>() is { } description)
                {
                    text.Append(description).Append("\n\n");
                }

                foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
                {
                    text.Append("- ").Append(parameter!["in"]!.GetValue<string>()).Append(" `").Append(parameter["name"]!.GetValue<string>()).Append('`')
                        .Append(parameter["required"]?.GetValue<bool>() == true ? " (required)" : "")
                        .Append(": ").Append(TypeOf(parameter["schema"])).Append('\n');
                }

                if (operation["requestBody"]?["content"]?.AsObject() is { } body)
                {
                    foreach (var (type, media) in body)
                    {
                        text.Append("- body (").Append(type).Append("): ").Append(TypeOf(media?["schema"])).Append('\n');
                    }
                }

                foreach (var (status, response) in operation["responses"]?.AsObject() ?? [])
                {
                    var content = response?["content"]?.AsObject();
                    text.Append("- ").Append(status).Append(": ")
                        .Append(content is null ? response?["description"]?.GetValue<string>() ?? "" : string.Join(", ", content.Select(c => $"{TypeOf(c.Value?["schema"])} ({c.Key})")))
                        .Append('\n');
                }

                text.Append('\n');
            }
        }

        text.Append("## Schemas\n\n");
        foreach (var (name, schema) in (document["components"]?["schemas"]?.AsObject() ?? []).OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            text.Append("### ").Append(name).Append("\n\n");
            if (schema?["description"]?.GetValue<string>() is { } description)
            {
                text.Append(description).Append("\n\n");
            }

            if (schema?["enum"]?.AsArray() is { } values)
            {
                text.Append("One of: ").Append(string.Join(", ", values.Select(v => $"`{v}`"))).Append(".\n\n");
                continue;
            }

            var properties = schema?["properties"]?.AsObject();
            if (properties is null || properties.Count == 0)
            {
                continue;
            }

            var required = schema!["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
            text.Append("| field | type | |\n| --- | --- | --- |\n");
            foreach (var (field, property) in properties)
            {
                text.Append("| `").Append(field).Append("` | ").Append(TypeOf(property)).Append(required.Contains(field) ? ", required" : "").Append(" | ")
                    .Append((property?["description"]?.GetValue<string>() ?? "").ReplaceLineEndings(" ").Replace("|", "\\|", StringComparison.Ordinal)).Append(" |\n");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static string TypeOf(JsonNode? schema)
    {
        if (schema is null)
        {
            return "-";
        }

        if (schema["$ref"]?.GetValue<string>() is { } reference)
        {
            return "[" + reference.Split('/')[^1] + "](#" + reference.Split('/')[^1].ToLowerInvariant() + ")";
        }

        if (schema["type"] is JsonArray types)
        {
            return string.Join(" or ", types.Select(t => t!.GetValue<string>()).Where(t => t != "null")) + (types.Any(t => t!.GetValue<string>() == "null") ? " (nullable)" : "");
        }

        var type = schema["type"]?.GetValue<string>();
        return type switch
        {
            "array" => "array of " + TypeOf(schema["items"]),
            null when schema["oneOf"] is JsonArray one => string.Join(" or ", one.Select(TypeOf)),
            null when schema["anyOf"] is JsonArray any => string.Join(" or ", any.Select(TypeOf)),
            null => "any",
            _ => type + (schema["format"]?.GetValue<string>() is { } format ? $" ({format})" : ""),
        };
    }
}
