using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

/// <summary>
/// Writing to the change feed so that readers never miss a row. A reader asks for the rows after the last sequence
/// it saw, so rows must become visible in sequence order. On SQLite there is one writer at a time, so they do. On
/// PostgreSQL two transactions could take sequences 10 and 11 and commit 11 first; a reader then sees 11 and skips 10
/// for ever. So every transaction takes one transaction-scoped advisory lock just before it writes change rows, and
/// holds it until it commits: sequences are then taken and committed in the same order across all nodes. The lock is
/// held only for the change insert and the commit. It also sends a NOTIFY (delivered at commit) for nodes that listen.
/// </summary>
internal static class ChangeFeed
{
    /// <summary>The advisory lock key of the change feed (arbitrary, fixed: "AEGISCHG" would not fit in a bigint).</summary>
    public const long LockKey = 0x4165_6769_7343_6867;

    /// <summary>The channel a node can LISTEN on to learn of new changes without polling.</summary>
    public const string NotifyChannel = "aegis_bank_changes";

    public static readonly string PostgresLockSql =
        $"SELECT pg_advisory_xact_lock({LockKey}), pg_notify('{NotifyChannel}', '')";

    /// <summary>Call inside the transaction, right before inserting change rows.</summary>
    public static async Task LockAsync(AegisDbContext db, CancellationToken cancellationToken)
    {
        if (db is PostgresAegisDbContext)
        {
            await db.Database.ExecuteSqlRawAsync(PostgresLockSql, cancellationToken);
        }
    }

    /// <summary>Appends one change row (inside the caller's transaction).</summary>
    public static async Task AppendAsync(
        AegisDbContext db, int bankId, long? entryId, BankChangeKind kind, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await LockAsync(db, cancellationToken);
        db.Changes.Add(new BankChangeRow { BankId = bankId, EntryId = entryId, Kind = kind, At = at });
        await db.SaveChangesAsync(cancellationToken);
    }
}
