using Aegis.Core.Events;

namespace Aegis.Storage.Tests;

public abstract partial class BankStoreTests
{
    [Fact]
    public async Task Events_that_keep_failing_wait_longer_and_never_hold_back_a_new_one()
    {
        // Given 1,500 events the receiver refuses (more than one read takes), each retried later
        await using var store = await OpenAsync();
        var outbox = new OutboxStore(store);
        await DeliverEverythingAsync(outbox);
        await using (var db = store.CreateContext())
        {
            for (var i = 0; i < 1500; i++)
            {
                EventWriter.Add(db, new ContentDemonetized($"refused-{i}", i, "a receiver that refuses it"), _time.GetUtcNow());
            }

            await db.SaveChangesAsync();
        }

        var failing = new List<OutboxEvent>();
        var retryAt = _time.GetUtcNow().AddMinutes(5);
        while (await outbox.ReadDueAsync(1000) is { Count: > 0 } due)
        {
            failing.AddRange(due);
            await Parallel.ForEachAsync(due, Marking, async (e, _) => await outbox.MarkFailedAsync(e.Sequence, "HTTP 400", retryAt));
        }

        // When a new event is written, and later the refused ones fall due again
        long fresh;
        await using (var db = store.CreateContext())
        {
            EventWriter.Add(db, new ContentRestricted("x", 1, "new"), _time.GetUtcNow());
            await db.SaveChangesAsync();
            fresh = db.Outbox.Max(o => o.Sequence);
        }

        var refused = failing.Select(e => e.Sequence).ToHashSet();
        var now = await outbox.ReadDueAsync(100);
        _time.Now += TimeSpan.FromMinutes(6);
        var later = (await outbox.ReadDueAsync(100)).Where(e => refused.Contains(e.Sequence)).ToList();
        await outbox.MarkDeliveredAsync(fresh);
        var afterDelivery = (await outbox.ReadDueAsync(1000)).Where(e => refused.Contains(e.Sequence) || e.Sequence == fresh).ToList();

        // Then the new one is due at once, the refused ones only after their wait (oldest first, after the new one, which
        // was due before them: 99 of a read of 100), and a delivered one never again (a read of 1,000 is all refused ones)
        Assert.Equal(1500, failing.Count);
        Assert.Equal([fresh], now.Select(e => e.Sequence));
        Assert.Equal(failing.Take(99).Select(e => e.Sequence), later.Select(e => e.Sequence));
        Assert.All(later, e => Assert.Equal(1, e.Attempts));
        Assert.Equal(failing.Take(1000).Select(e => e.Sequence), afterDelivery.Select(e => e.Sequence));
        await DeliverEverythingAsync(outbox);
    }

    /// <summary>
    /// How many events are marked at once when setting up or clearing the outbox: each mark is its own statement (one round
    /// trip to PostgreSQL), and the order they are marked in is not what these tests look at.
    /// </summary>
    private static readonly ParallelOptions Marking = new() { MaxDegreeOfParallelism = 4 };

    /// <summary>Marks what earlier tests on this database left due as delivered, so this test sees only its own.</summary>
    private static async Task DeliverEverythingAsync(OutboxStore outbox)
    {
        while (await outbox.ReadDueAsync(1000) is { Count: > 0 } due)
        {
            await Parallel.ForEachAsync(due, Marking, async (e, _) => await outbox.MarkDeliveredAsync(e.Sequence));
        }
    }
}
