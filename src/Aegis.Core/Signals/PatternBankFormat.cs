using System.Globalization;
using System.Text.Json;

namespace Aegis.Core.Signals;

/// <summary>
/// The pattern bank file: JSON lines. The first line is the header,
/// <c>{"format":"aegis-pattern-bank","format_version":1,"name":"…","version":"…","language":"en"}</c>; every other
/// non-blank line is one entry, <c>{"id":"…","category":"threat_to_share","phrase":"…","weight":0.9,"notes":"…"}</c>.
/// Reading checks everything and names the line of the first error.
/// </summary>
public static class PatternBankFormat
{
    /// <summary>The header's <c>format</c>.</summary>
    public const string Format = "aegis-pattern-bank";

    /// <summary>The format version this code writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The most entries one bank may hold.</summary>
    public const int MaxEntries = 100_000;

    /// <summary>Reads a bank from <paramref name="text"/>.</summary>
    public static PatternBank Read(string text) => Read(new StringReader(text));

    /// <summary>Reads a bank; throws <see cref="PatternBankFormatException"/> naming the line of the first error.</summary>
    public static PatternBank Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var number = 0;
        string? line;
        do
        {
            line = reader.ReadLine();
            number++;
        }
        while (line is not null && string.IsNullOrWhiteSpace(line));

        if (line is null)
        {
            throw new PatternBankFormatException(number, "the file is empty; the first line must be the header");
        }

        var (name, version, language) = Header(line, number);
        var entries = new List<PatternEntry>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while ((line = reader.ReadLine()) is not null)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (entries.Count == MaxEntries)
            {
                throw new PatternBankFormatException(number, $"a bank holds at most {MaxEntries} entries");
            }

            var entry = Entry(line, number);
            if (!ids.Add(entry.Id))
            {
                throw new PatternBankFormatException(number, $"id '{entry.Id}' is used twice");
            }

            entries.Add(entry);
        }

        return new PatternBank(name, version, language, entries);
    }

    /// <summary>Writes <paramref name="bank"/> in the format <see cref="Read(TextReader)"/> reads.</summary>
    public static void Write(PatternBank bank, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(bank);
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(Line(w =>
        {
            w.WriteString("format", Format);
            w.WriteNumber("format_version", FormatVersion);
            w.WriteString("name", bank.Name);
            w.WriteString("version", bank.Version);
            w.WriteString("language", bank.Language);
        }));
        writer.Write('\n');
        foreach (var entry in bank.Entries)
        {
            writer.Write(Line(w =>
            {
                w.WriteString("id", entry.Id);
                w.WriteString("category", SignalCategories.Name(entry.Category));
                w.WriteString("phrase", entry.Phrase);
                w.WriteNumber("weight", entry.Weight);
                if (entry.Notes is not null)
                {
                    w.WriteString("notes", entry.Notes);
                }
            }));
            writer.Write('\n');
        }
    }

    /// <summary>The bank as text.</summary>
    public static string Write(PatternBank bank)
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        Write(bank, writer);
        return writer.ToString();
    }

    private static string Line(Action<Utf8JsonWriter> properties)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            properties(json);
            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    private static (string Name, string Version, string Language) Header(string line, int number)
    {
        using var json = Parse(line, number);
        var root = json.RootElement;
        if (Text(root, "format", number, false) != Format)
        {
            throw new PatternBankFormatException(number, $"the first line must be the header with \"format\": \"{Format}\"");
        }

        if (!root.TryGetProperty("format_version", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var formatVersion))
        {
            throw new PatternBankFormatException(number, "the header needs \"format_version\" (a number)");
        }

        if (formatVersion != FormatVersion)
        {
            throw new PatternBankFormatException(number, $"format_version {formatVersion} is not supported (this version reads {FormatVersion})");
        }

        return (Text(root, "name", number, false)!, Text(root, "version", number, false)!, Text(root, "language", number, false)!);
    }

    private static PatternEntry Entry(string line, int number)
    {
        using var json = Parse(line, number);
        var root = json.RootElement;
        var id = Text(root, "id", number, false)!;
        var categoryName = Text(root, "category", number, false);
        if (!SignalCategories.TryParse(categoryName, out var category))
        {
            throw new PatternBankFormatException(number, $"unknown category '{categoryName}' (one of: {SignalCategories.All})");
        }

        var phrase = Text(root, "phrase", number, false)!;
        try
        {
            PatternPhrase.Expand(phrase);
        }
        catch (FormatException e)
        {
            throw new PatternBankFormatException(number, $"phrase '{phrase}': {e.Message}");
        }

        var weight = 1.0;
        if (root.TryGetProperty("weight", out var w))
        {
            if (w.ValueKind != JsonValueKind.Number || !w.TryGetDouble(out weight) || weight is <= 0 or > 1 || double.IsNaN(weight))
            {
                throw new PatternBankFormatException(number, "\"weight\" must be a number above 0 and at most 1");
            }
        }

        return new PatternEntry(id, category, phrase, weight, Text(root, "notes", number, true));
    }

    private static JsonDocument Parse(string line, int number)
    {
        try
        {
            var json = JsonDocument.Parse(line);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                json.Dispose();
                throw new PatternBankFormatException(number, "each line must be one JSON object");
            }

            return json;
        }
        catch (JsonException e)
        {
            throw new PatternBankFormatException(number, $"not valid JSON ({e.Message})");
        }
    }

    private static string? Text(JsonElement root, string name, int number, bool optional)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return optional ? null : throw new PatternBankFormatException(number, $"\"{name}\" is missing");
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return string.IsNullOrWhiteSpace(text) && !optional
            ? throw new PatternBankFormatException(number, $"\"{name}\" must be a non-empty string")
            : text;
    }
}
