using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

/// <summary>
/// A table that readers outside Aegis follow by id (the match events a platform polls with <c>after</c>) must show its
/// rows in id order. SQLite has one writer at a time, so it does. On PostgreSQL two transactions can take ids 10 and 11
/// and commit 11 first; a reader that sees 11 then skips 10 for good. So, as for the change feed
/// (<see cref="ChangeFeed"/>), a transaction that inserts such rows first takes the table's transaction-scoped advisory
/// lock and holds it until it commits: ids are taken and committed in one order across all nodes. That bounds the
/// inserts, cluster-wide, to about one per commit (fine for match events, which are rare). The content table, written
/// on every upload, is followed by Aegis itself instead, with <see cref="ContentFeed"/>, which tolerates the disorder.
/// </summary>
internal static class CommitOrder
{
    /// <summary>The match events' lock key (arbitrary, fixed, distinct from the change feed's and the audit log's).</summary>
    private const long MatchEvents = 0x4165_6769_734d_7445;

    /// <summary>
    /// On PostgreSQL, begins the transaction a match event is inserted in, holding the match events' lock until it
    /// commits; null on SQLite, where a plain save is in order.
    /// </summary>
    public static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction?> BeginMatchEventAsync(
        AegisDbContext db, CancellationToken cancellationToken)
    {
        if (db is not PostgresAegisDbContext)
        {
            return null;
        }

        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({MatchEvents})", cancellationToken);
        return transaction;
    }
}
