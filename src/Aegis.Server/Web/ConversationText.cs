using System.Globalization;
using System.Text.Json;
using Aegis.Core.Signals;

namespace Aegis.Server.Web;

/// <summary>
/// The case page's words for a signal's conversation: age bands, why a message was marked, and a kept message's
/// attachments (their hashes and the bank one matched; Aegis never has the bytes of a message's attachment).
/// </summary>
internal static class ConversationText
{
    /// <summary>A declared age band as a reviewer reads it.</summary>
    public static string Age(AgeBand band) => band switch
    {
        AgeBand.Under13 => "under 13",
        AgeBand.From13To15 => "13–15",
        AgeBand.From16To17 => "16–17",
        AgeBand.Adult => "adult",
        _ => "age not declared",
    };

    /// <summary>What fired: <c>sextortion</c>, <c>grooming</c>, or none.</summary>
    public static string Kind(SignalKind kind) => kind switch
    {
        SignalKind.Sextortion => "sextortion",
        SignalKind.Grooming => "grooming",
        _ => "no signal",
    };

    /// <summary>A score, two decimals.</summary>
    public static string Score(double score) => score.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>What an evidence entry matched: its category (or media), the words in quotes, and its rule.</summary>
    public static string Matched(SignalEvidence evidence)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var what = evidence.Category is { } category ? SignalCategories.Name(category) : "media";
        var began = evidence.StartMessageId is { } start ? $", begun in message {start}" : "";
        return $"{what} — ‘{evidence.Matched}’ (rule {evidence.Rule}{began})";
    }

    /// <summary>A kept message's attachments, read from their stored JSON; none when there are none (or it cannot be read).</summary>
    public static IReadOnlyList<Attachment> Attachments(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            return [.. document.RootElement.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.Object).Select(a => new Attachment(
                Text(a, "matched"),
                [.. new[] { "pdq", "md5", "sha256" }.Select(name => Text(a, name) is { } value ? $"{name} {value}" : null).OfType<string>()]))];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>An attachment of a kept message: the bank its hash matched, if any, and its hashes (<c>md5 …</c>).</summary>
    /// <param name="Bank">The bank it matched, or null.</param>
    /// <param name="Hashes">Its hashes, each named.</param>
    internal sealed record Attachment(string? Bank, IReadOnlyList<string> Hashes);
}
