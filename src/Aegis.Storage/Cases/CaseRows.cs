using Aegis.Core.Cases;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Aegis.Storage;

/// <summary>
/// Loading cases and items for update, and taking ids, on both databases. On PostgreSQL a row is locked
/// (<c>FOR UPDATE</c>) until the transaction ends; on SQLite the write transaction holds the one writer lock from its
/// start. Locks are taken case first, then items, everywhere, so two writers never wait on each other in a circle
/// (a cascade that meets a held copy's case is the one exception: PostgreSQL then aborts one of the two, and
/// <see cref="RetryAsync{T}"/> runs it again).
/// </summary>
internal static class CaseRows
{
    /// <summary>Attempts of one write before its conflict is reported.</summary>
    private const int Attempts = 8;

    /// <summary>A case row, locked for update; null when there is none.</summary>
    public static async Task<CaseRow?> LockCaseAsync(AegisDbContext db, long caseId, CancellationToken cancellationToken)
    {
        if (db is PostgresAegisDbContext)
        {
            var rows = await db.Cases.FromSqlInterpolated($"SELECT * FROM cases WHERE id = {caseId} FOR UPDATE").ToListAsync(cancellationToken);
            return rows.SingleOrDefault();
        }

        return await db.Cases.SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
    }

    /// <summary>Case rows by id, locked for update (in id order).</summary>
    public static async Task<List<CaseRow>> LockCasesAsync(AegisDbContext db, long[] caseIds, CancellationToken cancellationToken)
    {
        if (caseIds.Length == 0)
        {
            return [];
        }

        return db is PostgresAegisDbContext
            ? await db.Cases.FromSqlInterpolated($"SELECT * FROM cases WHERE id = ANY({caseIds}) ORDER BY id FOR UPDATE").ToListAsync(cancellationToken)
            : await db.Cases.Where(c => caseIds.Contains(c.Id)).ToListAsync(cancellationToken);
    }

    /// <summary>Item rows by row id, locked for update (in id order).</summary>
    public static async Task<List<ContentRow>> LockContentsAsync(AegisDbContext db, long[] rowIds, CancellationToken cancellationToken)
    {
        if (rowIds.Length == 0)
        {
            return [];
        }

        return db is PostgresAegisDbContext
            ? await db.Contents.FromSqlInterpolated($"SELECT * FROM contents WHERE id = ANY({rowIds}) ORDER BY id FOR UPDATE").ToListAsync(cancellationToken)
            : await db.Contents.Where(c => rowIds.Contains(c.Id)).ToListAsync(cancellationToken);
    }

    /// <summary>A case's decisions, oldest first.</summary>
    public static async Task<IReadOnlyList<Decision>> DecisionsAsync(AegisDbContext db, long caseId, CancellationToken cancellationToken) =>
        await db.Decisions.AsNoTracking().Where(d => d.CaseId == caseId).OrderBy(d => d.Id).Select(d => d.ToDecision()).ToListAsync(cancellationToken);

    /// <summary>
    /// The next id of a table whose rows the workflow names before they are inserted (cases, reports): a sequence value on
    /// PostgreSQL, the largest id + 1 on SQLite (safe there: the writer lock is held).
    /// </summary>
    public static async Task<long> NextIdAsync(AegisDbContext db, string table, CancellationToken cancellationToken)
    {
        var sql = db is PostgresAegisDbContext
            ? $"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) AS \"Value\""
            : $"SELECT COALESCE(MAX(id), 0) + 1 AS \"Value\" FROM {table}";
        return await db.Database.SqlQueryRaw<long>(sql).SingleAsync(cancellationToken);
    }

    /// <summary>
    /// Ids for rows a transaction names before inserting them, taken a block at a time: on PostgreSQL a sequence value
    /// each (a block of 16 per round trip; unused ones are gaps), on SQLite the largest id + 1 counted on in memory (the
    /// writer lock is held and the rows are not saved yet).
    /// </summary>
    public sealed class IdBlock(AegisDbContext db)
    {
        private const int Block = 16;
        private readonly Dictionary<string, Queue<long>> _taken = new(StringComparer.Ordinal);

        public async Task<long> NextAsync(string table, CancellationToken cancellationToken)
        {
            if (!_taken.TryGetValue(table, out var queue))
            {
                _taken[table] = queue = new Queue<long>();
            }

            if (queue.Count == 0)
            {
                if (db is PostgresAegisDbContext)
                {
                    var sql = $"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) AS \"Value\" FROM generate_series(1, {Block})";
                    foreach (var id in await db.Database.SqlQueryRaw<long>(sql).ToListAsync(cancellationToken))
                    {
                        queue.Enqueue(id);
                    }
                }
                else
                {
                    var next = await NextIdAsync(db, table, cancellationToken);
                    for (var i = 0; i < Block; i++)
                    {
                        queue.Enqueue(next + i);
                    }
                }
            }

            return queue.Dequeue();
        }
    }

    /// <summary>What a write read changed before it could lock it: the write runs again from the start.</summary>
    public sealed class StaleReadException() : Exception("A row changed between its look-up and its lock.");

    public static ContentState State(ContentRow row) => new(row.ContentId, row.UploaderId, row.Status, row.Views, row.Shares, row.Demonetized);

    /// <summary>
    /// Runs a write again when another writer got there first: a unique index refused it (two reports opened the same
    /// item's case), its version was stale, or PostgreSQL broke a deadlock or a serialization conflict.
    /// </summary>
    public static async Task<T> RetryAsync<T>(Func<Task<T>> write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await write();
            }
            catch (Exception e) when (attempt < Attempts && IsConflict(e))
            {
                await Task.Delay(Random.Shared.Next(1, 5 * attempt));
            }
        }
    }

    private static bool IsConflict(Exception e) => e switch
    {
        DbUpdateConcurrencyException or StaleReadException => true,
        DbUpdateException u when StoreErrors.IsUniqueViolation(u) => true,
        PostgresException p => p.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure,
        _ => e.InnerException is { } inner && IsConflict(inner),
    };
}
