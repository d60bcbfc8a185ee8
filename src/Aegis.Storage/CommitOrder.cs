using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

/// <summary>
/// Tables that readers follow by id (the content index, the match events a platform polls) must show their rows in id
/// order. SQLite has one writer at a time, so they do. On PostgreSQL two transactions can take ids 10 and 11 and commit
/// 11 first; a reader that sees 11 then skips 10 for good, and an item missing from a node's content index is a copy the
/// takedown cascade would not find. So, as for the change feed (<see cref="ChangeFeed"/>), a transaction that inserts
/// such rows first takes the table's transaction-scoped advisory lock and holds it until it commits: ids are taken and
/// committed in one order across all nodes. The lock is held for the insert and the commit only (a millisecond or so),
/// which bounds these inserts, cluster-wide, to roughly one per commit latency.
/// </summary>
internal static class CommitOrder
{
    /// <summary>The content table's lock key (arbitrary, fixed, distinct from the change feed's and the audit log's).</summary>
    public const long Contents = 0x4165_6769_7343_6e74;

    /// <summary>The match events' lock key.</summary>
    public const long MatchEvents = 0x4165_6769_734d_7445;

    /// <summary>Call inside the transaction, before inserting rows of the table <paramref name="key"/> names.</summary>
    public static async Task LockAsync(AegisDbContext db, long key, CancellationToken cancellationToken)
    {
        if (db is PostgresAegisDbContext)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken);
        }
    }

    /// <summary>Begins a transaction for an ordered insert on PostgreSQL (null on SQLite, where a plain save is in order).</summary>
    public static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction?> BeginAsync(
        AegisDbContext db, long key, CancellationToken cancellationToken)
    {
        if (db is not PostgresAegisDbContext)
        {
            return null;
        }

        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockAsync(db, key, cancellationToken);
        return transaction;
    }
}
