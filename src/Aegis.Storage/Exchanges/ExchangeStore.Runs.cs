using Aegis.Core.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Aegis.Storage;

public sealed partial class ExchangeStore
{
    /// <summary>
    /// Claims the exchange that has been due longest, if any, for <paramref name="node"/> until <paramref name="lease"/>
    /// from now: one conditional UPDATE (on PostgreSQL the candidate is locked <c>FOR UPDATE SKIP LOCKED</c>, so nodes
    /// asking at once take different exchanges; on SQLite the writer lock orders them). An exchange is due when enabled,
    /// its time has come and no node's lease on it is running. The run's counters start from zero.
    /// </summary>
    /// <returns>The claim, or null when nothing is due.</returns>
    public async Task<ExchangeClaim?> ClaimDueAsync(string node, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(node);
        var now = store.Time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var token = Guid.NewGuid().ToString("N");
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var sql = new ExchangeSql(db.Database.GetDbConnection(), transaction.GetDbTransaction());
        const string Due = "enabled = @on AND next_run_at <= @now AND (lease_until IS NULL OR lease_until < @now)";
        var claimed = await sql.ScalarAsync(
            $"""
            UPDATE exchanges SET claim_token = @token, claimed_by = @node, lease_until = @lease, last_run_at = @at,
                run_pages = 0, run_records = 0, run_added = 0, run_updated = 0, run_removed = 0
            WHERE id = (SELECT id FROM exchanges WHERE {Due} ORDER BY next_run_at, id LIMIT 1{(sql.IsPostgres ? " FOR UPDATE SKIP LOCKED" : "")})
              AND {Due}
            RETURNING id
            """,
            cancellationToken,
            ("@token", token),
            ("@node", node),
            ("@lease", (now + lease).ToUnixTimeMilliseconds()),
            ("@at", now.ToUniversalTime()),
            ("@on", true),
            ("@now", nowMs));
        if (claimed is null)
        {
            return null;
        }

        var id = (int)ExchangeSql.Long(claimed);
        var row = await db.Exchanges.AsNoTracking().SingleAsync(x => x.Id == id, cancellationToken);
        var bank = await BankNameAsync(db, row.BankId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ExchangeClaim(row.Id, row.Name, row.Api, row.Settings, Sealed(row), bank, row.ScheduleMinutes, row.Checkpoint, token, node, row.ConsecutiveFailures, row.Failing, row.LastSuccessAt);
    }

    /// <summary>
    /// Ends a run, if the claim is still this node's: its status (success clears the failures; a failure counts one and
    /// keeps its words), when it is due next, an expired checkpoint replaced by the client's safe point, the claim given
    /// back, the run audited (<c>exchange.fetched</c>, with what every page of it did), and the platform told when the
    /// exchange starts failing or recovers (<c>exchange.failing</c>, <c>exchange.recovered</c>, once each), in one transaction.
    /// </summary>
    /// <returns>False when the claim was lost (nothing written).</returns>
    public async Task<bool> FinishRunAsync(ExchangeClaim claim, ExchangeRunEnd end, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(end);
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var sql = new ExchangeSql(db.Database.GetDbConnection(), transaction.GetDbTransaction());
        if (!await FenceAsync(sql, claim, now, cancellationToken))
        {
            return false;
        }

        var row = await db.Exchanges.SingleAsync(x => x.Id == claim.Id, cancellationToken);
        var events = new List<DomainEvent>
        {
            new ExchangeFetched(DomainEvent.System, row.Name, claim.Node, row.RunPages, row.RunRecords, row.RunAdded, row.RunUpdated, row.RunRemoved, end.Outcome, end.Error),
        };
        if (end.Succeeded)
        {
            if (row.Failing)
            {
                events.Add(new ExchangeRecovered(DomainEvent.System, row.Name, claim.Bank, row.ConsecutiveFailures));
            }

            row.ConsecutiveFailures = 0;
            row.LastError = null;
            row.Failing = false;
            row.LastSuccessAt = now;
        }
        else if (end.Outcome == ExchangeRunEnd.Failed)
        {
            row.ConsecutiveFailures++;
            row.LastError = end.Error is { Length: > 2000 } text ? text[..2000] : end.Error;
            if (end.Failing && !row.Failing)
            {
                row.Failing = true;
                events.Add(new ExchangeFailing(DomainEvent.System, row.Name, claim.Bank, row.ConsecutiveFailures, row.LastError ?? "failed", row.LastSuccessAt));
            }

            if (end.Restart)
            {
                row.Checkpoint = end.RestartFrom;
            }
        }

        if (end.Succeeded || end.Outcome == ExchangeRunEnd.Failed)
        {
            row.LastEndAt = now;
        }

        row.NextRunAt = end.NextRunAt.ToUnixTimeMilliseconds();
        if (end.Outcome == ExchangeRunEnd.Failed && await ChangedSinceAsync(db, row, cancellationToken))
        {
            // Its configuration or its API's credentials changed while the run was under way (an exchange created through
            // HMA fails for want of credentials until they are set): the failure may be the old configuration's, so try
            // again at once instead of after the backoff.
            row.NextRunAt = Math.Min(row.NextRunAt, now.ToUnixTimeMilliseconds());
        }

        row.ClaimToken = null;
        row.ClaimedBy = null;
        row.LeaseUntil = null;
        EventWriter.Add(db, events, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Whether the exchange's configuration or its API's credentials changed after its current run started.</summary>
    private static async Task<bool> ChangedSinceAsync(Model.AegisDbContext db, Model.ExchangeRow row, CancellationToken cancellationToken)
    {
        if (row.LastRunAt is not { } started)
        {
            return false;
        }

        if (row.UpdatedAt > started)
        {
            return true;
        }

        var api = await db.ExchangeApis.AsNoTracking().SingleOrDefaultAsync(a => a.Api == row.Api, cancellationToken);
        return api is not null && api.UpdatedAt > started;
    }

    /// <summary>
    /// Gives back every claim held under <paramref name="node"/>'s id (a node starting again: a claim its id holds is its
    /// dead self's, and the run it was in resumes from the stored checkpoint at once instead of when the lease runs out).
    /// </summary>
    /// <returns>How many were given back.</returns>
    public async Task<int> ReleaseClaimsOfAsync(string node, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return await db.Exchanges.Where(x => x.ClaimedBy == node)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ClaimToken, (string?)null).SetProperty(x => x.ClaimedBy, (string?)null).SetProperty(x => x.LeaseUntil, (long?)null), cancellationToken);
    }

    /// <summary>Audits a run that lost its claim part-way (another node took the exchange over; what this one applied stands).</summary>
    public async Task RecordLostRunAsync(ExchangeClaim claim, int pages, Core.Exchanges.ExchangeCounts counts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await using var db = store.CreateContext();
        EventWriter.Add(
            db,
            new ExchangeFetched(DomainEvent.System, claim.Name, claim.Node, pages, counts.Records, counts.Added, counts.Updated, counts.Removed, "lost", "another node took the exchange over (this node's lease ran out)"),
            store.Time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
    }
}
