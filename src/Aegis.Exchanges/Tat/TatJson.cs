using System.Globalization;
using System.Text.Json;

namespace Aegis.Exchanges.Tat;

/// <summary>One entry of the hash list, as read.</summary>
internal sealed record TatEntry(long Id, string HashDigest, string Algorithm, bool Deleted, string? Ideology, string? FileType);

/// <summary>One page of the hash list: its entries, its <c>next</c> link (null on the last page) and its <c>checkpoint</c>.</summary>
internal sealed record TatPage(IReadOnlyList<TatEntry> Entries, string? Next, string? Checkpoint);

/// <summary>
/// The hash list's JSON (<c>{"count", "next", "previous", "checkpoint", "results": [...]}</c>). An entry needs
/// <c>id</c>, <c>hash_digest</c>, <c>algorithm</c> and <c>deleted</c>; <c>ideology</c>, <c>file_type</c>,
/// <c>updated_on</c> and <c>created_on</c> are read when present, and keys Aegis does not know are ignored.
/// python-threatexchange builds each entry by keyword expansion, so one extra or missing key fails the whole page and
/// with it every later update; Aegis fails a page only when an entry lacks what it needs, so TCAP adding a field does
/// not stop a bank's updates.
/// </summary>
internal static class TatJson
{
    public static TatPage ParsePage(byte[] body)
    {
        using var document = Parse(body, "hash list page");
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Bad("the page is not a JSON object");
        }

        if (!root.TryGetProperty("results", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            throw Bad("the page has no list 'results'");
        }

        var entries = new List<TatEntry>();
        var index = 0;
        foreach (var item in results.EnumerateArray())
        {
            entries.Add(Entry(item, $"entry {index++}"));
        }

        return new TatPage(entries, OptionalString(root, "next", "the page"), OptionalString(root, "checkpoint", "the page"));
    }

    /// <summary>The <c>token</c> of a <c>token-auth/tcap/</c> answer, or null.</summary>
    public static string? ParseToken(byte[] body)
    {
        using var document = Parse(body, "sign-in answer");
        return document.RootElement.ValueKind == JsonValueKind.Object
            && document.RootElement.TryGetProperty("token", out var token) && token.ValueKind == JsonValueKind.String
            && token.GetString() is { Length: > 0 } text
                ? text
                : null;
    }

    private static TatEntry Entry(JsonElement item, string what)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw Bad($"{what} is not an object");
        }

        var id = item.TryGetProperty("id", out var idValue) && idValue.ValueKind == JsonValueKind.Number && idValue.TryGetInt64(out var number)
            ? number
            : throw Bad($"{what} has no whole-number 'id'");
        var deleted = item.TryGetProperty("deleted", out var deletedValue) && deletedValue.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? deletedValue.GetBoolean()
            : throw Bad($"{what} (id {id.ToString(CultureInfo.InvariantCulture)}) has no boolean 'deleted'");
        return new TatEntry(
            id,
            OptionalString(item, "hash_digest", what) ?? throw Bad($"{what} (id {id.ToString(CultureInfo.InvariantCulture)}) has no 'hash_digest'"),
            OptionalString(item, "algorithm", what) ?? throw Bad($"{what} (id {id.ToString(CultureInfo.InvariantCulture)}) has no 'algorithm'"),
            deleted,
            OptionalString(item, "ideology", what),
            OptionalString(item, "file_type", what));
    }

    private static string? OptionalString(JsonElement element, string name, string what)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Bad($"{what}'s '{name}' is not a string");
    }

    private static JsonDocument Parse(byte[] body, string what)
    {
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw Bad($"the {what} is not JSON ({e.Message})");
        }
    }

    private static ExchangeException Bad(string problem) =>
        new(ExchangeError.BadResponse, $"Tech Against Terrorism's answer cannot be read: {problem}; the page is not applied.");
}
