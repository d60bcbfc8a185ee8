using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;

namespace Aegis.Server.Hosting;

/// <summary>
/// Says what is wrong with a JSON body in the API's terms: the field, as its JSON path (<c>$.video.query_percent</c>),
/// and what it takes (a string, a whole number, one of the enum's names, a list…), never a .NET type or namespace,
/// which System.Text.Json's own messages name.
/// </summary>
internal static partial class JsonErrors
{
    /// <summary>The detail for <paramref name="e"/>, thrown reading a body of type <paramref name="target"/> (null when not known).</summary>
    /// <param name="e">What the reader or the serializer threw.</param>
    /// <param name="target">The type read, to say what a field takes; null when not known.</param>
    /// <param name="options">The options it was read with.</param>
    /// <param name="subject">What was read, for a text that is not JSON ("The body", "The metadata field").</param>
    public static string Describe(JsonException e, Type? target, JsonSerializerOptions options, string subject = "The body")
    {
        var path = string.IsNullOrEmpty(e.Path) ? null : e.Path;
        var text = e switch
        {
            _ when Duplicate().Match(e.Message) is { Success: true } m =>
                $"The key '{m.Groups["name"].Value}' is given twice{(path is null ? "" : " (at " + path + ")")}; each key may appear once in an object.",
            _ when IsSyntax(e) => $"{subject} is not valid JSON: {Syntax(e)}",
            _ when Unmapped().Match(e.Message) is { Success: true } m => Unknown(m.Groups["name"].Value, path, target, options),
            _ when MissingRequired().Match(e.Message) is { Success: true } m => $"Required fields are missing: {m.Groups["names"].Value}.",
            _ => Wrong(path, target, options),
        };
        return Clean(text, path is null ? "The JSON body is not what this endpoint takes." : $"The JSON body is not what this endpoint takes at {path}.");
    }

    /// <summary>What a field of type <paramref name="type"/> takes, in JSON's words.</summary>
    public static string Expected(Type type, JsonSerializerOptions options)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsEnum)
        {
            var naming = JsonNamingPolicy.SnakeCaseLower;
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(name => $"\"{naming.ConvertName(name)}\""));
        }

        return Type.GetTypeCode(type) switch
        {
            TypeCode.String or TypeCode.Char => "a string",
            TypeCode.Boolean => "true or false",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64 => "a whole number",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number",
            TypeCode.DateTime => "a date and time such as \"2026-11-25T10:00:00Z\"",
            _ when type == typeof(DateTimeOffset) => "a date and time such as \"2026-11-25T10:00:00Z\"",
            _ => Info(type, options)?.Kind switch
            {
                JsonTypeInfoKind.Enumerable => "a list",
                JsonTypeInfoKind.Object or JsonTypeInfoKind.Dictionary => "an object",
                _ => "a value of another kind",
            },
        };
    }

    private static string Wrong(string? path, Type? target, JsonSerializerOptions options)
    {
        var type = target is null ? null : TypeAt(target, path ?? "$", options);
        var expected = type is null ? "a value of another type" : Expected(type, options);
        return path is null or "$"
            ? $"The JSON body must be {expected}."
            : $"{path} must be {expected}.";
    }

    private static string Unknown(string name, string? path, Type? target, JsonSerializerOptions options)
    {
        var where = path ?? "$." + name;
        var parent = where.Length > name.Length ? where[..^name.Length].TrimEnd('.') : "$";
        var owner = target is null ? null : TypeAt(target, parent.Length == 0 ? "$" : parent, options);
        var fields = owner is null ? null : Info(owner, options)?.Properties.Select(p => p.Name).ToList();
        return fields is { Count: > 0 }
            ? $"{where} is not a field here; the fields are {string.Join(", ", fields)}."
            : $"{where} is not a field here.";
    }

    /// <summary>The type a JSON path leads to inside <paramref name="root"/>, or null when it leads nowhere known.</summary>
    private static Type? TypeAt(Type root, string path, JsonSerializerOptions options)
    {
        Type? type = root;
        foreach (var (name, index) in Segments(path))
        {
            var info = Info(type!, options);
            type = (info?.Kind, index) switch
            {
                (JsonTypeInfoKind.Enumerable, true) or (JsonTypeInfoKind.Dictionary, false) => info.ElementType,
                (JsonTypeInfoKind.Object, false) => info.Properties.FirstOrDefault(p => p.Name == name)?.PropertyType,
                _ => null,
            };
            if (type is null)
            {
                return null;
            }
        }

        return type;
    }

    /// <summary>The steps of a path such as <c>$.a.b[0]['c d']</c>: a name, or an index.</summary>
    private static IEnumerable<(string Name, bool Index)> Segments(string path)
    {
        var i = path.StartsWith('$') ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                yield return (path[(i + 1)..end], false);
                i = end;
            }
            else if (path.AsSpan(i).StartsWith("['"))
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                yield return (path[(i + 2)..end], false);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                end = end < 0 ? path.Length : end;
                yield return (path[(i + 1)..end], true);
                i = end + 1;
            }
            else
            {
                yield break;
            }
        }
    }

    private static JsonTypeInfo? Info(Type type, JsonSerializerOptions options)
    {
        try
        {
            return options.GetTypeInfo(Nullable.GetUnderlyingType(type) ?? type);
        }
        catch (Exception e) when (e is NotSupportedException or InvalidOperationException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>A malformed document: the reader's own exception, or the serializer's wrapping of it.</summary>
    private static bool IsSyntax(JsonException e) =>
        e.GetType() != typeof(JsonException) || e.InnerException is JsonException;

    /// <summary>The reader's message without its position suffix, then the position counted from 1.</summary>
    private static string Syntax(JsonException e)
    {
        var reader = e.InnerException as JsonException ?? e;
        var message = reader.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var at = reader.LineNumber is { } line && reader.BytePositionInLine is { } column ? $" (line {line + 1}, byte {column + 1})" : "";
        return (cut < 0 ? message : message[..cut]).TrimEnd() + at;
    }

    /// <summary><paramref name="text"/>, unless it names a .NET type (a message not known here): then <paramref name="plain"/>.</summary>
    public static string Clean(string text, string plain) => DotNetName().IsMatch(text) ? plain : text;

    [GeneratedRegex("^Duplicate property '(?<name>.*?)' encountered")]
    private static partial Regex Duplicate();

    [GeneratedRegex("^The JSON property '(?<name>.*?)' could not be mapped")]
    private static partial Regex Unmapped();

    [GeneratedRegex("missing required properties including: (?<names>.*?)\\.?$")]
    private static partial Regex MissingRequired();

    [GeneratedRegex(@"\b(System|Aegis|Microsoft)\.[A-Z]|`\d")]
    private static partial Regex DotNetName();
}
