using Aegis.Core.Cases;
using Aegis.Core.Reports;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

public sealed partial class CaseStore
{
    /// <summary>The uploader appeals a confirmed case (once); it waits for a reviewer who did not decide it.</summary>
    /// <exception cref="BankStoreException">No such case, or it cannot be appealed, or <paramref name="accountId"/> is not
    /// the item's uploader (<see cref="BankStoreError.Conflict"/>).</exception>
    public async Task<CaseSummary> AppealAsync(long caseId, string accountId, string? text, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(accountId) || accountId.Length > 256 || text is { Length: > 10_000 })
        {
            throw new BankStoreException(BankStoreError.Invalid, "An appeal names the appealing account (at most 256 characters); its text is at most 10,000.");
        }

        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var row = await FindAsync(db, caseId, cancellationToken);
        if (AppealPolicy.CanAppeal(row.State, row.AppealedAt is not null) is { } refusal)
        {
            throw new BankStoreException(BankStoreError.Conflict, refusal);
        }

        var content = await db.Contents.Where(c => c.Id == row.ContentRowId).Select(c => new { c.ContentId, c.UploaderId }).SingleAsync(cancellationToken);
        if (content.UploaderId != accountId)
        {
            throw new BankStoreException(BankStoreError.Conflict, $"Only the account that uploaded {content.ContentId} may appeal its case; '{accountId}' did not.");
        }

        var contentId = content.ContentId;
        (row.AppealedAt, row.AppealedBy, row.AppealText) = (now, accountId, text);
        Outbox.Add(db, "case.appealed", now, new Dictionary<string, object?>(CaseFields(row, contentId)) { ["account_id"] = accountId });
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(db, accountId, "case.appealed", $"case:{caseId}", new { text }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await SummaryAsync(db, row, cancellationToken);
    }

    /// <summary>
    /// A reviewer who did not decide the case decides the appeal. Upheld: nothing changes. Overturned (a senior, for
    /// child safety): the item is restored and the hashes the case banked stop blocking; reshares and copies removed by
    /// the cascade stay removed until reviewed one by one.
    /// </summary>
    /// <exception cref="BankStoreException">No such case, no pending appeal, or the rules refuse this reviewer.</exception>
    public async Task<CaseSummary> DecideAppealAsync(
        long caseId, string reviewer, ReviewerRole role, bool overturn, string reason, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new BankStoreException(BankStoreError.Invalid, "An appeal decision needs a reason.");
        }

        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var row = await FindAsync(db, caseId, cancellationToken);
        if (row.AppealedAt is null || row.AppealOutcome is not null)
        {
            throw new BankStoreException(BankStoreError.Conflict, $"Case {caseId} has no pending appeal.");
        }

        var decisions = await db.Decisions.Where(d => d.CaseId == caseId).OrderBy(d => d.Id).Select(d => d.ToDecision()).ToListAsync(cancellationToken);
        if (AppealPolicy.CanDecide(row.ChildSafety, decisions, reviewer, role, overturn) is { } refusal)
        {
            throw new BankStoreException(BankStoreError.Conflict, refusal);
        }

        (row.AppealOutcome, row.AppealDecidedBy, row.AppealReason) = (overturn ? "overturned" : "upheld", reviewer, reason);
        var content = await db.Contents.SingleAsync(c => c.Id == row.ContentRowId, cancellationToken);
        if (overturn)
        {
            content.Status = ContentStatus.Visible;
            Outbox.Add(db, "content.restored", now, new Dictionary<string, object?> { ["content_id"] = content.ContentId, ["case_id"] = caseId, ["reason"] = "appeal overturned" });
            var list = $"case:{caseId}";
            foreach (var entry in await db.Entries.Where(e => e.List == list && e.Enabled).ToListAsync(cancellationToken))
            {
                entry.Enabled = false;
                await db.SaveChangesAsync(cancellationToken);
                await ChangeFeed.AppendAsync(db, entry.BankId, entry.Id, BankChangeKind.EntryDisabled, now, cancellationToken);
            }
        }

        Outbox.Add(db, "case.appeal_decided", now, new Dictionary<string, object?>(CaseFields(row, content.ContentId)) { ["outcome"] = row.AppealOutcome, ["reviewer"] = reviewer });
        await db.SaveChangesAsync(cancellationToken);
        await AuditAsync(db, reviewer, "case.appeal_decided", $"case:{caseId}", new { outcome = row.AppealOutcome, role = role.ToString(), reason }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return await SummaryAsync(db, row, cancellationToken);
    }
}
