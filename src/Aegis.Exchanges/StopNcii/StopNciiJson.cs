using System.Text.Json;

namespace Aegis.Exchanges.StopNcii;

/// <summary>One hash record of a FetchHashes page, as read.</summary>
internal sealed record StopNciiHashRecord(long LastModified, string SignalType, string HashValue, string HashStatus, IReadOnlyList<StopNciiCspFeedback> Feedbacks);

/// <summary>A platform's feedback on a hash (<c>CSPFeedbacks</c>).</summary>
internal sealed record StopNciiCspFeedback(string Source, string Value, IReadOnlyList<string> Tags);

/// <summary>One FetchHashes page, as read: the records that parsed, and how many were dropped for an unknown value.</summary>
internal sealed record StopNciiFetchPage(string? NextPageToken, long NextSetTimestamp, bool HasMoreRecords, IReadOnlyList<StopNciiHashRecord> Records, int Dropped);

/// <summary>
/// StopNCII's FetchHashes JSON, read as python-threatexchange reads it: <c>count</c>, <c>nextSetTimestamp</c> and
/// <c>hasMoreRecords</c> are required, <c>nextPageToken</c> and <c>hashRecords</c> may be null or absent, unknown keys
/// are ignored. A record whose signal type, status, case status or feedback value is not one StopNCII documents is
/// dropped (the page still applies); a record missing a required key (<c>lastModtimestamp</c>, <c>signalType</c>,
/// <c>hashValue</c>, <c>hashStatus</c>, <c>caseNumbers</c>) or holding one of the wrong JSON type fails the page
/// (<see cref="ExchangeError.BadResponse"/>): it is not applied.
/// </summary>
internal static class StopNciiJson
{
    private static readonly HashSet<string> SignalTypes = ["Unknown", "ImagePDQ", "VideoMD5", "VideoTMK", "Text", "URL"];
    private static readonly HashSet<string> CaseStatuses = ["Unknown", "Received", "Active", "Withdrawn", "Deleted"];
    private static readonly HashSet<string> FeedbackValues = ["Unknown", "None", "QualityUnknown", "PendingReview", "Blocked", "NotBlocked", "Withdrawn", "Deleted"];

    public static StopNciiFetchPage Parse(byte[] body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            throw Bad($"it is not JSON ({e.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Bad("it is not a JSON object");
            }

            Integer(root, "count", "the page");
            var nextSet = Integer(root, "nextSetTimestamp", "the page");
            var hasMore = root.TryGetProperty("hasMoreRecords", out var more) && more.ValueKind is JsonValueKind.True or JsonValueKind.False
                ? more.GetBoolean()
                : throw Bad("the page has no boolean 'hasMoreRecords'");
            string? token = null;
            if (root.TryGetProperty("nextPageToken", out var next) && next.ValueKind != JsonValueKind.Null)
            {
                token = next.ValueKind == JsonValueKind.String ? next.GetString() : throw Bad("'nextPageToken' is not a string");
            }

            var records = new List<StopNciiHashRecord>();
            var dropped = 0;
            if (root.TryGetProperty("hashRecords", out var list) && list.ValueKind != JsonValueKind.Null)
            {
                if (list.ValueKind != JsonValueKind.Array)
                {
                    throw Bad("'hashRecords' is not a list");
                }

                var index = 0;
                foreach (var item in list.EnumerateArray())
                {
                    if (Record(item, $"record {index++}") is { } record)
                    {
                        records.Add(record);
                    }
                    else
                    {
                        dropped++;
                    }
                }
            }

            return new StopNciiFetchPage(string.IsNullOrEmpty(token) ? null : token, nextSet, hasMore, records, dropped);
        }
    }

    /// <summary>The record, or null when one of its values is not one StopNCII documents.</summary>
    private static StopNciiHashRecord? Record(JsonElement item, string what)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw Bad($"{what} is not an object");
        }

        var lastModified = Integer(item, "lastModtimestamp", what);
        var signalType = String(item, "signalType", what);
        var hashValue = String(item, "hashValue", what);
        var status = String(item, "hashStatus", what);
        if (!item.TryGetProperty("caseNumbers", out var cases) || cases.ValueKind != JsonValueKind.Object)
        {
            throw Bad($"{what} has no object 'caseNumbers'");
        }

        var known = SignalTypes.Contains(signalType) && CaseStatuses.Contains(status);
        foreach (var (_, caseStatus) in cases.EnumerateObject().Select(p => (p.Name, p.Value)))
        {
            known &= caseStatus.ValueKind == JsonValueKind.String ? CaseStatuses.Contains(caseStatus.GetString()!) : throw Bad($"{what} has a case status that is not a string");
        }

        var feedbacks = new List<StopNciiCspFeedback>();
        if (item.TryGetProperty("CSPFeedbacks", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw Bad($"{what}'s 'CSPFeedbacks' is not a list");
            }

            foreach (var feedback in list.EnumerateArray())
            {
                var value = feedback.ValueKind == JsonValueKind.Object ? String(feedback, "feedbackValue", what + "'s feedback") : throw Bad($"{what} has a feedback that is not an object");
                known &= FeedbackValues.Contains(value);
                var source = feedback.TryGetProperty("source", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "";
                var tags = new List<string>();
                if (feedback.TryGetProperty("tags", out var t) && t.ValueKind == JsonValueKind.Array)
                {
                    tags.AddRange(t.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!));
                }

                feedbacks.Add(new StopNciiCspFeedback(source, value, tags.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()));
            }
        }

        return known ? new StopNciiHashRecord(lastModified, signalType, hashValue, status, feedbacks) : null;
    }

    private static long Integer(JsonElement element, string name, string what) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw Bad($"{what} has no whole-number '{name}'");

    private static string String(JsonElement element, string name, string what) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw Bad($"{what} has no string '{name}'");

    private static ExchangeException Bad(string problem) =>
        new(ExchangeError.BadResponse, $"StopNCII's FetchHashes answer cannot be read: {problem}; the page is not applied.");
}
