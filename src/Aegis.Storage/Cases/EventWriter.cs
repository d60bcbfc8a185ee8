using System.Text.Json;
using System.Text.Json.Serialization;
using Aegis.Core.Events;
using Aegis.Storage.Model;

namespace Aegis.Storage;

/// <summary>
/// Writes domain events inside the caller's transaction: each event's webhook into the outbox and its audit entry into
/// the audit log (unsealed: <see cref="AuditLog"/> chains it after commit), so an event exists if and only if the change
/// that caused it does. The one place events become rows.
/// </summary>
internal static class EventWriter
{
    /// <summary>Webhook payloads and audit data: snake_case names and enum values, nulls left out.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Adds the events' rows to <paramref name="db"/> (saved with the caller's next save).</summary>
    public static void Add(AegisDbContext db, IEnumerable<DomainEvent> events, DateTimeOffset at)
    {
        foreach (var e in events)
        {
            Add(db, e, at);
        }
    }

    public static void Add(AegisDbContext db, DomainEvent e, DateTimeOffset at)
    {
        if (e.WebhookType is { } type)
        {
            var eventId = Guid.NewGuid().ToString("N");
            var payload = JsonSerializer.SerializeToNode(e, e.GetType(), Json)!.AsObject();
            payload["event_id"] = eventId;
            payload["type"] = type;
            payload["at"] = at;
            db.Outbox.Add(new OutboxRow
            {
                EventId = eventId,
                Type = type,
                Payload = payload.ToJsonString(Json),
                CreatedAt = at,
                NextAttemptAt = at,
                DueAt = at.ToUnixTimeMilliseconds(),
            });
        }

        if (e.AuditAction is { } action)
        {
            var data = e.AuditData();
            db.AuditLog.Add(AuditLog.Unsealed(at, e.Actor, action, e.AuditSubject, JsonSerializer.Serialize(data, data.GetType(), Json)));
        }
    }
}
