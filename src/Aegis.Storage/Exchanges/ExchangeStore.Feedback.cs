using Aegis.Core.Events;
using Aegis.Core.Exchanges;
using Aegis.Exchanges;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Aegis.Storage;

public sealed partial class ExchangeStore
{
    /// <summary>The longest reason an exchange's negative feedback may give.</summary>
    public const int MaxFeedbackReasonLength = 200;

    /// <summary>
    /// Owes each exchange that shared an entry the case's item matched the reviewer's verdict, in the decision's own
    /// transaction (so a decision is never kept without its feedback, nor feedback without its decision). Exchanges that
    /// are set not to hear feedback are left out; a verdict already owed is not owed twice.
    /// </summary>
    /// <returns>How many verdicts were owed.</returns>
    internal static async Task<int> OweFeedbackAsync(
        AegisDbContext db, long caseId, long contentRowId, long? matchEntryId, ExchangeVerdict verdict, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entries = await db.MatchEvents.Where(m => m.ContentRowId == contentRowId).Select(m => m.EntryId).Distinct().ToListAsync(cancellationToken);
        if (matchEntryId is { } matched && !entries.Contains(matched))
        {
            entries.Add(matched);
        }

        if (entries.Count == 0)
        {
            return 0;
        }

        var holders = await (
            from r in db.ExchangeRecords
            join x in db.Exchanges on r.ExchangeId equals x.Id
            where entries.Contains(r.EntryId) && x.SendFeedback
            select new { r.ExchangeId, r.RecordKey, r.EntryId }).ToListAsync(cancellationToken);
        if (holders.Count == 0)
        {
            return 0;
        }

        var owed = await db.ExchangeFeedback.Where(f => f.CaseId == caseId && f.Verdict == (int)verdict)
            .Select(f => new { f.ExchangeId, f.RecordKey, f.EntryId }).ToListAsync(cancellationToken);
        var added = 0;
        foreach (var holder in holders.Distinct().Except(owed))
        {
            db.ExchangeFeedback.Add(new ExchangeFeedbackRow
            {
                ExchangeId = holder.ExchangeId,
                RecordKey = holder.RecordKey,
                EntryId = holder.EntryId,
                CaseId = caseId,
                Verdict = (int)verdict,
                State = (int)FeedbackState.Pending,
                NextAttemptAt = now.ToUnixTimeMilliseconds(),
                CreatedAt = now,
            });
            added++;
        }

        return added;
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> verdicts that are due, for <paramref name="lease"/>: one conditional UPDATE
    /// (on PostgreSQL the candidates are locked <c>FOR UPDATE SKIP LOCKED</c>, so nodes asking at once take different
    /// ones). A verdict whose exchange or entry has gone since is skipped here, with the reason.
    /// </summary>
    public async Task<IReadOnlyList<FeedbackClaim>> ClaimFeedbackAsync(TimeSpan lease, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var now = store.Time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var token = Guid.NewGuid().ToString("N");
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var sql = new ExchangeSql(db.Database.GetDbConnection(), transaction.GetDbTransaction());
        const string Due = "state = 0 AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until < @now)";
        var ids = await sql.QueryAsync(
            $"""
            UPDATE exchange_feedback SET claim_token = @token, lease_until = @lease
            WHERE id IN (SELECT id FROM exchange_feedback WHERE {Due} ORDER BY next_attempt_at, id LIMIT @limit{(sql.IsPostgres ? " FOR UPDATE SKIP LOCKED" : "")})
              AND {Due}
            RETURNING id
            """,
            r => r.GetInt64(0),
            cancellationToken,
            ("@token", token),
            ("@lease", (now + lease).ToUnixTimeMilliseconds()),
            ("@now", nowMs),
            ("@limit", limit));
        if (ids.Count == 0)
        {
            return [];
        }

        var rows = await (
            from f in db.ExchangeFeedback
            where ids.Contains(f.Id)
            join x in db.Exchanges on f.ExchangeId equals x.Id into exchanges
            from x in exchanges.DefaultIfEmpty()
            join e in db.Entries on f.EntryId equals e.Id into entries
            from e in entries.DefaultIfEmpty()
            join r in db.ExchangeRecords on new { f.ExchangeId, f.RecordKey, f.EntryId } equals new { r.ExchangeId, r.RecordKey, r.EntryId } into records
            from r in records.DefaultIfEmpty()
            orderby f.Id
            select new { Feedback = f, Exchange = x, Entry = e, Record = r }).ToListAsync(cancellationToken);
        var claims = new List<FeedbackClaim>(rows.Count);
        var events = new List<DomainEvent>();
        foreach (var row in rows)
        {
            var verdict = (ExchangeVerdict)row.Feedback.Verdict;
            if (row.Exchange is null || row.Entry is null || row.Record is null)
            {
                var why = row.Exchange is null ? "the exchange was deleted" : "the exchange no longer shares this entry";
                (row.Feedback.State, row.Feedback.Error, row.Feedback.ClaimToken, row.Feedback.LeaseUntil) = ((int)FeedbackState.Skipped, why, null, null);
                if (row.Exchange is not null)
                {
                    events.Add(Told(row.Exchange.Name, row.Feedback, FeedbackState.Skipped));
                }

                continue;
            }

            var provenance = new ExchangeProvenance(row.Record.ExternalId ?? row.Record.RecordKey, row.Record.Member, row.Record.Category, []);
            var reason = verdict == ExchangeVerdict.Dismissed ? row.Exchange.FeedbackReason : null;
            var feedback = new ExchangeFeedback(provenance, new ExchangeSignal(row.Entry.Type, row.Entry.Signal ?? row.Entry.Value), verdict, reason);
            claims.Add(new FeedbackClaim(
                row.Feedback.Id, token, row.Exchange.Name, row.Exchange.Api, row.Exchange.Settings, Sealed(row.Exchange), row.Feedback.RecordKey, row.Feedback.EntryId,
                row.Feedback.CaseId, feedback, row.Feedback.Attempts));
        }

        EventWriter.Add(db, events, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return claims;
    }

    /// <summary>
    /// Ends a try, if the claim is still this node's: <see cref="FeedbackState.Sent"/>, <see cref="FeedbackState.Skipped"/>
    /// and <see cref="FeedbackState.Failed"/> are final and audited (<c>exchange.feedback</c>); <see cref="FeedbackState.Pending"/>
    /// counts a failed try and waits until <paramref name="retryAt"/>.
    /// </summary>
    /// <returns>False when the claim was lost (nothing written).</returns>
    public async Task<bool> FinishFeedbackAsync(FeedbackClaim claim, FeedbackState state, string? error, DateTimeOffset retryAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var row = await db.ExchangeFeedback.SingleOrDefaultAsync(
            f => f.Id == claim.Id && f.ClaimToken == claim.Token && f.State == (int)FeedbackState.Pending, cancellationToken);
        if (row is null)
        {
            return false;
        }

        row.Attempts++;
        row.State = (int)state;
        row.Error = error is { Length: > 2000 } text ? text[..2000] : error;
        row.ClaimToken = null;
        row.LeaseUntil = null;
        if (state == FeedbackState.Sent)
        {
            row.SentAt = now;
            row.Error = null;
        }
        else if (state == FeedbackState.Pending)
        {
            row.NextAttemptAt = retryAt.ToUnixTimeMilliseconds();
        }

        if (state != FeedbackState.Pending)
        {
            EventWriter.Add(db, Told(claim.Exchange, row, state), now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>An exchange's verdicts, newest first.</summary>
    /// <exception cref="BankStoreException">No such exchange.</exception>
    public async Task<IReadOnlyList<FeedbackItem>> ListFeedbackAsync(string name, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var exchange = await db.Exchanges.AsNoTracking().SingleOrDefaultAsync(x => x.Name == name, cancellationToken) ?? throw NotFound(name);
        var rows = await db.ExchangeFeedback.AsNoTracking().Where(f => f.ExchangeId == exchange.Id)
            .OrderByDescending(f => f.Id).Take(Math.Clamp(limit, 1, 1000)).ToListAsync(cancellationToken);
        return [.. rows.Select(f => new FeedbackItem(
            f.Id, f.RecordKey, f.EntryId, f.CaseId, (ExchangeVerdict)f.Verdict, (FeedbackState)f.State, f.Attempts,
            f.State == (int)FeedbackState.Pending ? DateTimeOffset.FromUnixTimeMilliseconds(f.NextAttemptAt) : null, f.Error, f.CreatedAt, f.SentAt))];
    }

    /// <summary>
    /// Whether reviewers' verdicts on the exchange's entries are sent back to it, and the reason its negative feedback gives
    /// where the exchange asks for one (an empty reason clears it); audited as a change of configuration.
    /// </summary>
    /// <exception cref="BankStoreException">No such exchange, or the reason is too long.</exception>
    public async Task<Exchange> SetFeedbackAsync(string name, bool? send, string? reason, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        if (reason is { Length: > MaxFeedbackReasonLength })
        {
            throw new BankStoreException(BankStoreError.Invalid, $"feedback_reason: at most {MaxFeedbackReasonLength} characters.");
        }

        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        var row = await db.Exchanges.SingleOrDefaultAsync(x => x.Name == name, cancellationToken) ?? throw NotFound(name);
        var changes = new Dictionary<string, string?>();
        if (send is { } on && row.SendFeedback != on)
        {
            row.SendFeedback = on;
            changes["send_feedback"] = on ? "true" : "false";
        }

        var newReason = reason?.Trim() is { Length: > 0 } trimmed ? trimmed : null;
        if (reason is not null && row.FeedbackReason != newReason)
        {
            row.FeedbackReason = newReason;
            changes["feedback_reason"] = newReason;
        }

        if (changes.Count > 0)
        {
            row.UpdatedAt = now;
            EventWriter.Add(db, new ExchangeUpdated(actor, row.Name, changes), now);
            await db.SaveChangesAsync(cancellationToken);
        }

        return View(row, await BankNameAsync(db, row.BankId, cancellationToken), now);
    }

    private static ExchangeFeedbackSent Told(string exchange, ExchangeFeedbackRow row, FeedbackState state) => new(
        DomainEvent.System, exchange, row.RecordKey, row.EntryId, row.CaseId, ((ExchangeVerdict)row.Verdict).ToString().ToLowerInvariant(),
        state.ToString().ToLowerInvariant(), row.Error);
}
