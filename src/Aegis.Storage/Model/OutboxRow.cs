namespace Aegis.Storage.Model;

/// <summary>
/// A row of <c>outbox</c>: a webhook to the platform, written in the same transaction as the change it reports, and
/// delivered at least once (with retries) by any node; <see cref="EventId"/> is the receiver's idempotency key.
/// </summary>
internal sealed class OutboxRow
{
    public long Sequence { get; set; }

    public required string EventId { get; set; }

    public required string Type { get; set; }

    public required string Payload { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>
    /// When the next attempt is due, in Unix milliseconds, while the event is undelivered; null once delivered. A
    /// number, so that both databases select and order due events in SQL (SQLite cannot compare stored timestamps).
    /// </summary>
    public long? DueAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public string? LastError { get; set; }
}
