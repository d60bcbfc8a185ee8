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
    /// <summary>How long an event its caller sends (<see cref="DomainEvent.SentByCaller"/>) is left to it before the worker sends it.</summary>
    public static readonly TimeSpan CallerLease = TimeSpan.FromSeconds(30);

    /// <summary>Webhook payloads and audit data: snake_case names and enum values, nulls left out.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>
    /// Adds the rows of one step's events to <paramref name="db"/> (saved with the caller's next save): an audit entry for
    /// each event that is audited, and the webhooks <see cref="WebhookPaging"/> makes of them with the store's
    /// <see cref="AegisDbContext.Webhooks"/> setting (a case's fan-out in pages, everything else one each).
    /// </summary>
    public static void Add(AegisDbContext db, IEnumerable<DomainEvent> events, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(db);
        var step = events as IReadOnlyList<DomainEvent> ?? [.. events];
        foreach (var e in step)
        {
            if (e.AuditAction is { } action)
            {
                var data = e.AuditData();
                db.AuditLog.Add(AuditLog.Unsealed(at, e.Actor, action, e.AuditSubject, JsonSerializer.Serialize(data, data.GetType(), Json)));
            }
        }

        foreach (var e in WebhookPaging.Webhooks(step, db.Webhooks))
        {
            var type = e.WebhookType!;
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
                DueAt = (e.SentByCaller ? at + CallerLease : at).ToUnixTimeMilliseconds(),
            });
        }
    }

    /// <summary>Adds the rows of one event alone.</summary>
    public static void Add(AegisDbContext db, DomainEvent e, DateTimeOffset at) => Add(db, [e], at);
}
