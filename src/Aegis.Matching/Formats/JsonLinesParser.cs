using System.Text;
using System.Text.Json;
using Aegis.Matching.Banks;

namespace Aegis.Matching.Formats;

/// <summary>
/// Aegis's JSON-lines format: one object a line with <c>type</c> ("pdq", "md5", "sha256"; python-threatexchange names
/// are accepted too), <c>hash</c> (required), <c>external_id</c>, <c>category</c>, <c>list</c>, <c>added_at</c>
/// (ISO-8601), <c>added_by</c> (strings or null) and <c>enabled</c> (true or false; true when absent). Other keys are
/// ignored; blank lines are skipped.
/// </summary>
internal sealed class JsonLinesParser(LineSource lines, SignalType? defaultType) : HashListParser(lines, defaultType)
{
    private const string HowToFix = "add \"type\": \"pdq\" or \"sha256\", or give a default signal type";

    private const int EnabledKey = 7;

    private static readonly JsonReaderOptions Options = new() { MaxDepth = 64 };

    private static readonly string[] Keys =
        ["type", "hash", "external_id", "category", "list", "added_at", "added_by", "enabled"];

    private byte[] _bytes = new byte[1024];
    private char[] _typeChars = new char[32];
    private char[] _hashChars = new char[128];
    private char[] _addedAtChars = new char[64];
    private string? _lastExternalId;
    private string? _lastCategory;
    private string? _lastList;
    private string? _lastAddedBy;

    public override bool TryReadNext(out HashListItem item)
    {
        while (Lines.TryReadLine(out var line))
        {
            if (Lines.LastLineTooLong)
            {
                item = TooLong();
                return true;
            }

            if (line.IsWhiteSpace())
            {
                continue;
            }

            var number = Lines.LineNumber;
            string? reason;
            HashListRecord? record;
            try
            {
                record = Parse(line, out reason);
            }
            catch (JsonException e)
            {
                record = null;
                reason = "malformed JSON: " + e.Message;
            }
            catch (InvalidOperationException e)
            {
                // Reading a string with an escaped lone surrogate ("\ud800"): valid JSON, but no text.
                record = null;
                reason = "malformed JSON: " + e.Message;
            }

            item = record is null ? HashListItem.Fail(number, reason!, line) : HashListItem.Ok(number, record);
            return true;
        }

        item = default;
        return false;
    }

    private HashListRecord? Parse(ReadOnlySpan<char> line, out string? reason)
    {
        var needed = Encoding.UTF8.GetMaxByteCount(line.Length);
        if (_bytes.Length < needed)
        {
            _bytes = new byte[Math.Max(needed, _bytes.Length * 2)];
        }

        var count = Encoding.UTF8.GetBytes(line, _bytes);
        var json = new Utf8JsonReader(_bytes.AsSpan(0, count), Options);
        json.Read();
        if (json.TokenType != JsonTokenType.StartObject)
        {
            reason = $"expected a JSON object, got {json.TokenType}";
            return null;
        }

        var seen = 0;
        ReadOnlySpan<char> typeText = default, hash = default, addedAtText = default;
        string? externalId = null, category = null, list = null, addedBy = null;
        var hasAddedAt = false;
        var enabled = true;
        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            var key = KeyOf(ref json);
            json.Read();
            if (key < 0)
            {
                json.Skip();
                continue;
            }

            if ((seen & (1 << key)) != 0)
            {
                reason = $"duplicate key \"{Keys[key]}\"";
                return null;
            }

            seen |= 1 << key;
            if (key == EnabledKey)
            {
                if (json.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    reason = $"\"enabled\" must be true or false, got {json.TokenType}";
                    return null;
                }

                enabled = json.GetBoolean();
                continue;
            }

            if (json.TokenType is not (JsonTokenType.String or JsonTokenType.Null))
            {
                reason = $"\"{Keys[key]}\" must be a string or null, got {json.TokenType}";
                return null;
            }

            if (json.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            switch (key)
            {
                case 0: typeText = Copy(ref json, ref _typeChars); break;
                case 1: hash = Copy(ref json, ref _hashChars); break;
                case 2: externalId = Reuse(ref json, ref _lastExternalId); break;
                case 3: category = Reuse(ref json, ref _lastCategory); break;
                case 4: list = Reuse(ref json, ref _lastList); break;
                case 5: addedAtText = Copy(ref json, ref _addedAtChars); hasAddedAt = true; break;
                default: addedBy = Reuse(ref json, ref _lastAddedBy); break;
            }
        }

        // Anything after the object other than white space throws: one JSON value a line.
        while (json.Read())
        {
        }

        hash = hash.Trim();
        if (hash.IsEmpty)
        {
            reason = "missing \"hash\"";
            return null;
        }

        SignalType type;
        typeText = typeText.Trim();
        if (typeText.IsEmpty)
        {
            if (!SignalValues.TryInferType(hash, DefaultType, HowToFix, out type, out reason))
            {
                return null;
            }
        }
        else if (!ThreatExchangeSignalNames.TryResolve(typeText, out type, out reason))
        {
            return null;
        }

        if (!SignalValues.TryCanonicalize(type, hash, out var value, out reason))
        {
            return null;
        }

        DateTimeOffset? addedAt = null;
        if (hasAddedAt)
        {
            if (!IsoTimestamp.TryParse(addedAtText, out var parsed))
            {
                reason = IsoTimestamp.Invalid(addedAtText);
                return null;
            }

            addedAt = parsed;
        }

        reason = null;
        return new HashListRecord(type, value, externalId, category, list, addedAt, addedBy, enabled);
    }

    private static int KeyOf(ref Utf8JsonReader json) =>
        json.ValueTextEquals("type"u8) ? 0 :
        json.ValueTextEquals("hash"u8) ? 1 :
        json.ValueTextEquals("external_id"u8) ? 2 :
        json.ValueTextEquals("category"u8) ? 3 :
        json.ValueTextEquals("list"u8) ? 4 :
        json.ValueTextEquals("added_at"u8) ? 5 :
        json.ValueTextEquals("added_by"u8) ? 6 :
        json.ValueTextEquals("enabled"u8) ? EnabledKey : -1;

    /// <summary>A string value through a reused buffer: only what the record keeps is allocated.</summary>
    private static ReadOnlySpan<char> Copy(scoped ref Utf8JsonReader json, ref char[] buffer)
    {
        // UTF-8 never takes fewer bytes than UTF-16 takes chars, and unescaping only shortens.
        var length = json.HasValueSequence ? checked((int)json.ValueSequence.Length) : json.ValueSpan.Length;
        if (buffer.Length < length)
        {
            buffer = new char[Math.Max(length, buffer.Length * 2)];
        }

        return buffer.AsSpan(0, json.CopyString(buffer));
    }

    private static string? Reuse(ref Utf8JsonReader json, ref string? last)
    {
        if (last is not null && json.ValueTextEquals(last))
        {
            return last;
        }

        last = json.GetString();
        return last;
    }
}
