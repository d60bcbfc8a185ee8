using System.Globalization;
using System.Text.Json;

namespace Aegis.Exchanges.ThreatExchange;

/// <summary>One update of <c>/threat_updates</c>, as read.</summary>
/// <param name="Id">The indicator's id.</param>
/// <param name="Indicator">The indicator (the hash).</param>
/// <param name="Type">Its ThreatType (<c>HASH_PDQ</c>, <c>HASH_MD5</c>, ...).</param>
/// <param name="LastUpdated">When it changed, unix seconds.</param>
/// <param name="Tombstone"><c>should_delete</c>, or no <c>descriptors</c> at all.</param>
/// <param name="Descriptors">Its descriptors that have an owner.</param>
internal sealed record ThreatUpdate(string Id, string Indicator, string Type, long LastUpdated, bool Tombstone, IReadOnlyList<ThreatDescriptor> Descriptors);

/// <summary>One member's descriptor of an indicator, and the reactions to it.</summary>
internal sealed record ThreatDescriptor(string? Id, string Owner, string? Status, IReadOnlyList<string> Tags, IReadOnlyList<(string Reaction, string App)> Reactions);

/// <summary>A page of <c>/threat_updates</c>.</summary>
internal sealed record ThreatUpdatesPage(IReadOnlyList<ThreatUpdate> Updates, string? Next);

/// <summary>
/// The Graph API's JSON for ThreatExchange, read as python-threatexchange reads it: an update needs <c>id</c>,
/// <c>indicator</c>, <c>type</c> and <c>last_updated</c> (whole seconds, as a number or digits); it is a tombstone when
/// <c>should_delete</c> is true or it has no <c>descriptors</c>. A descriptor without <c>owner</c> is skipped (a Graph
/// visibility bug pytx works around the same way); <c>tags</c> is a list of strings or <c>{"data": [{"text"}]}</c>;
/// <c>reactions</c> is a list of <c>{"key", "value": "app ids, comma-separated"}</c>.
/// </summary>
internal static class ThreatExchangeJson
{
    public static ThreatUpdatesPage ParseUpdates(byte[] body)
    {
        using var document = Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
        {
            throw Bad("the page has no list 'data'");
        }

        var updates = new List<ThreatUpdate>();
        var index = 0;
        foreach (var item in data.EnumerateArray())
        {
            updates.Add(Update(item, $"update {index++}"));
        }

        string? next = null;
        if (root.TryGetProperty("paging", out var paging) && paging.ValueKind == JsonValueKind.Object
            && paging.TryGetProperty("next", out var link) && link.ValueKind == JsonValueKind.String)
        {
            next = link.GetString();
        }

        return new ThreatUpdatesPage(updates, string.IsNullOrEmpty(next) ? null : next);
    }

    /// <summary>The descriptors of an indicator (<c>GET /{indicator}?fields=descriptors{id,owner{id}}</c>): their ids and owners.</summary>
    public static IReadOnlyList<(string Id, string Owner)> ParseDescriptorOwners(byte[] body)
    {
        using var document = Parse(body);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Bad("the indicator is not a JSON object");
        }

        var owners = new List<(string, string)>();
        if (root.TryGetProperty("descriptors", out var descriptors) && descriptors.ValueKind == JsonValueKind.Object
            && descriptors.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            foreach (var descriptor in data.EnumerateArray())
            {
                if (descriptor.ValueKind == JsonValueKind.Object && Id(descriptor, "id") is { } id && Owner(descriptor) is { } owner)
                {
                    owners.Add((id, owner));
                }
            }
        }

        return owners;
    }

    /// <summary>The Graph error's code and message (<c>{"error": {"message", "code"}}</c>), when the body is one.</summary>
    public static (int? Code, string? Message) ParseError(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
            {
                int? code = error.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt32(out var n) ? n : null;
                var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                return (code, message);
            }
        }
        catch (JsonException)
        {
        }

        return (null, null);
    }

    private static ThreatUpdate Update(JsonElement item, string what)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw Bad($"{what} is not an object");
        }

        var id = Id(item, "id") ?? throw Bad($"{what} has no 'id'");
        var indicator = String(item, "indicator") ?? throw Bad($"{what} (id {id}) has no string 'indicator'");
        var type = String(item, "type") ?? throw Bad($"{what} (id {id}) has no string 'type'");
        var lastUpdated = Seconds(item, "last_updated") ?? throw Bad($"{what} (id {id}) has no whole-number 'last_updated'");
        var shouldDelete = item.TryGetProperty("should_delete", out var flag) && flag.ValueKind == JsonValueKind.True;
        var descriptors = new List<ThreatDescriptor>();
        var hasDescriptors = item.TryGetProperty("descriptors", out var list) && list.ValueKind == JsonValueKind.Object;
        if (hasDescriptors && list.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array)
        {
            foreach (var descriptor in data.EnumerateArray())
            {
                if (descriptor.ValueKind == JsonValueKind.Object && Owner(descriptor) is { } owner)
                {
                    descriptors.Add(new ThreatDescriptor(Id(descriptor, "id"), owner, String(descriptor, "status"), Tags(descriptor), Reactions(descriptor)));
                }
            }
        }

        return new ThreatUpdate(id, indicator, type, lastUpdated, shouldDelete || !hasDescriptors, descriptors);
    }

    private static List<string> Tags(JsonElement descriptor)
    {
        if (!descriptor.TryGetProperty("tags", out var tags))
        {
            return [];
        }

        var items = tags.ValueKind switch
        {
            JsonValueKind.Array => tags.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.String ? t.GetString() : null),
            JsonValueKind.Object when tags.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Array =>
                data.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.Object ? String(t, "text") : null),
            _ => [],
        };
        return items.OfType<string>().Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }

    private static List<(string, string)> Reactions(JsonElement descriptor)
    {
        var reactions = new List<(string, string)>();
        if (descriptor.TryGetProperty("reactions", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var reaction in list.EnumerateArray())
            {
                if (reaction.ValueKind == JsonValueKind.Object && String(reaction, "key") is { } key && String(reaction, "value") is { } apps)
                {
                    reactions.AddRange(apps.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(app => (key, app)));
                }
            }
        }

        return reactions;
    }

    private static string? Owner(JsonElement descriptor) =>
        descriptor.TryGetProperty("owner", out var owner) && owner.ValueKind == JsonValueKind.Object ? Id(owner, "id") : null;

    /// <summary>A Graph id: a string or a whole number.</summary>
    private static string? Id(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number.ToString(CultureInfo.InvariantCulture)
        : null;

    private static long? Seconds(JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number
        : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed
        : null;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonDocument Parse(byte[] body)
    {
        try
        {
            return JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw Bad($"it is not JSON ({e.Message})");
        }
    }

    private static ExchangeException Bad(string problem) =>
        new(ExchangeError.BadResponse, $"ThreatExchange's answer cannot be read: {problem}; the page is not applied.");
}
