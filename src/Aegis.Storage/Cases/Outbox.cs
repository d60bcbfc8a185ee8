using System.Text.Json;
using Aegis.Storage.Model;

namespace Aegis.Storage;

/// <summary>Writes webhook events into the outbox, inside the caller's transaction (so the event exists if and only if the change does).</summary>
internal static class Outbox
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Adds an event; the payload gets <c>event_id</c>, <c>type</c> and <c>at</c> besides the given fields.</summary>
    public static OutboxRow Add(AegisDbContext db, string type, DateTimeOffset at, IReadOnlyDictionary<string, object?> fields)
    {
        var eventId = Guid.NewGuid().ToString("N");
        var payload = new Dictionary<string, object?>(fields) { ["event_id"] = eventId, ["type"] = type, ["at"] = at };
        var row = new OutboxRow
        {
            EventId = eventId,
            Type = type,
            Payload = JsonSerializer.Serialize(payload, Json),
            CreatedAt = at,
            NextAttemptAt = at,
            DueAt = at.ToUnixTimeMilliseconds(),
        };
        db.Outbox.Add(row);
        return row;
    }
}
