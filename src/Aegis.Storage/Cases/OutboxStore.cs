using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

/// <summary>The webhook outbox, for the delivery worker: due events, then delivered or failed (retried later).</summary>
public sealed class OutboxStore(BankStore store)
{
    /// <summary>
    /// Undelivered events due now, the longest due first. Events that keep failing wait longer each time, so however
    /// many pile up (a receiver that refuses one type for ever), new events are never stuck behind them.
    /// </summary>
    public async Task<IReadOnlyList<OutboxEvent>> ReadDueAsync(int limit, CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = store.CreateContext();
        return await db.Outbox.AsNoTracking()
            .Where(o => o.DueAt != null && o.DueAt <= now)
            .OrderBy(o => o.DueAt).ThenBy(o => o.Sequence)
            .Take(Math.Clamp(limit, 1, 1000))
            .Select(o => new OutboxEvent(o.Sequence, o.EventId, o.Type, o.Payload, o.Attempts, o.DueAt!.Value))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Takes an event for delivery until <paramref name="until"/>: its due time moves there, so no other node reads it as
    /// due meanwhile. Succeeds for one caller only (the due time must still be the one it read). A node that dies while
    /// delivering leaves the event to be taken again once the lease runs out: at least once, and once per node no more.
    /// </summary>
    public async Task<bool> TryClaimAsync(OutboxEvent e, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(e);
        var lease = until.ToUnixTimeMilliseconds();
        await using var db = store.CreateContext();
        return await db.Outbox.Where(o => o.Sequence == e.Sequence && o.DueAt == e.DueAt)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.DueAt, lease), cancellationToken) == 1;
    }

    /// <summary>
    /// Undelivered events of <paramref name="type"/> written for their caller to send (still under their first claim,
    /// never attempted), oldest first: the caller claims each (<see cref="TryClaimAsync"/>) and sends it before answering.
    /// </summary>
    public async Task<IReadOnlyList<OutboxEvent>> ReadSentByCallerAsync(string type, int limit, CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = store.CreateContext();
        return await db.Outbox.AsNoTracking()
            .Where(o => o.Type == type && o.DeliveredAt == null && o.Attempts == 0 && o.DueAt != null && o.DueAt > now)
            .OrderBy(o => o.Sequence)
            .Take(Math.Clamp(limit, 1, 1000))
            .Select(o => new OutboxEvent(o.Sequence, o.EventId, o.Type, o.Payload, o.Attempts, o.DueAt!.Value))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The receiver acknowledged the event.</summary>
    public async Task MarkDeliveredAsync(long sequence, CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await db.Outbox.Where(o => o.Sequence == sequence && o.DeliveredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.DeliveredAt, now).SetProperty(o => o.DueAt, (long?)null).SetProperty(o => o.Attempts, o => o.Attempts + 1), cancellationToken);
    }

    /// <summary>Delivery failed: try again at <paramref name="retryAt"/>.</summary>
    public async Task MarkFailedAsync(long sequence, string error, DateTimeOffset retryAt, CancellationToken cancellationToken = default)
    {
        var message = error.Length > 2000 ? error[..2000] : error;
        await using var db = store.CreateContext();
        await db.Outbox.Where(o => o.Sequence == sequence && o.DeliveredAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(o => o.Attempts, o => o.Attempts + 1).SetProperty(o => o.NextAttemptAt, retryAt).SetProperty(o => o.DueAt, retryAt.ToUnixTimeMilliseconds()).SetProperty(o => o.LastError, message), cancellationToken);
    }

    /// <summary>Events not yet delivered.</summary>
    public async Task<int> PendingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return await db.Outbox.CountAsync(o => o.DeliveredAt == null, cancellationToken);
    }
}
