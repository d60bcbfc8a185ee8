using Aegis.Core.Cascade;
using Aegis.Core.Cases;
using Aegis.Core.Reports;
using Aegis.Matching.Banks;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

public sealed partial class CaseStore
{
    /// <summary>The bank confirmed items' hashes go to, so re-uploads are blocked at the gate (made when first needed).</summary>
    public const string PlatformBank = "platform-confirmed";

    /// <summary>Confirmed cases whose cascade has not run (a node died between the decision and its cascade).</summary>
    public async Task<IReadOnlyList<(long CaseId, string ContentId)>> PendingCascadesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return await db.Cases.AsNoTracking().Where(c => c.CascadePending)
            .Join(db.Contents, c => c.ContentRowId, x => x.Id, (c, x) => new ValueTuple<long, string>(c.Id, x.ContentId))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Runs a confirmed case's cascade if it is still pending: every step, its webhooks and audit entries, and clearing the
    /// mark, in one transaction. Returns false when there was nothing to do (already run, by this or another node).
    /// </summary>
    public async Task<bool> RunCascadeAsync(long caseId, IReadOnlyCollection<(long RowId, int Distance)> copies, CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        if (db is PostgresAegisDbContext)
        {
            // Two nodes finishing the same cascade: the second waits here, then finds it done.
            await db.Database.ExecuteSqlRawAsync("SELECT id FROM cases WHERE id = {0} FOR UPDATE", [caseId], cancellationToken);
        }

        var row = await FindAsync(db, caseId, cancellationToken);
        if (!row.CascadePending)
        {
            return false;
        }

        var content = await db.Contents.SingleAsync(c => c.Id == row.ContentRowId, cancellationToken);
        var decision = await db.Decisions.Where(d => d.Id == row.CascadeDecisionId).Select(d => d.ToDecision()).SingleAsync(cancellationToken);
        await StartCascadeAsync(db, row, content, decision, copies, now, cancellationToken);
        row.CascadePending = false;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task StartCascadeAsync(
        AegisDbContext db, CaseRow @case, ContentRow root, Decision decision, IReadOnlyCollection<(long RowId, int Distance)> copies, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var copyRows = await db.Contents.Where(c => copies.Select(x => x.RowId).Contains(c.Id)).ToListAsync(cancellationToken);
        var distance = copies.ToDictionary(c => c.RowId, c => c.Distance);
        var rowsById = new Dictionary<string, ContentRow>(StringComparer.Ordinal) { [root.ContentId] = root };
        foreach (var row in copyRows)
        {
            rowsById[row.ContentId] = row;
        }

        // Reshares by the parent ids the gate recorded, loaded level by level.
        var children = new Dictionary<string, List<ContentRow>>(StringComparer.Ordinal);
        var frontier = rowsById.Keys.ToList();
        while (frontier.Count > 0)
        {
            var level = await db.Contents.Where(c => c.ParentContentId != null && frontier.Contains(c.ParentContentId)).ToListAsync(cancellationToken);
            frontier = [];
            foreach (var child in level)
            {
                if (rowsById.TryAdd(child.ContentId, child))
                {
                    frontier.Add(child.ContentId);
                }

                if (!children.TryGetValue(child.ParentContentId!, out var list))
                {
                    children[child.ParentContentId!] = list = [];
                }

                list.Add(child);
            }
        }

        static CascadeItem Item(ContentRow r) => new(r.ContentId, r.UploaderId, r.ParentContentId);
        var steps = CascadePlanner.Plan(
            Item(root),
            copyRows.Select(r => new CascadeCopy(Item(r), distance[r.Id])),
            id => children.TryGetValue(id, out var list) ? list.Select(Item) : [],
            _cascade);
        foreach (var step in steps)
        {
            await ApplyStepAsync(db, @case, rowsById, step, decision, now, cancellationToken);
        }

        await AuditAsync(db, decision.Reviewer, "cascade.applied", $"case:{@case.Id}", new { steps = steps.Count, removed = steps.Count(s => s.Kind == CascadeKind.RemoveContent) }, cancellationToken);
    }

    private async Task ApplyStepAsync(
        AegisDbContext db, CaseRow @case, Dictionary<string, ContentRow> rows, CascadeStep step, Decision decision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var fields = new Dictionary<string, object?> { ["case_id"] = @case.Id, ["reason"] = step.Reason };
        switch (step.Kind)
        {
            case CascadeKind.RemoveContent:
                var removed = rows[step.Target];
                if (removed.Status == ContentStatus.Removed)
                {
                    return;
                }

                removed.Status = ContentStatus.Removed;
                if (removed.Id == @case.ContentRowId)
                {
                    (@case.RemovedAt, @case.ViewsAtRemoval, @case.SharesAtRemoval) = (now, removed.Views, removed.Shares);
                }

                Outbox.Add(db, "content.removed", now, new Dictionary<string, object?>(fields) { ["content_id"] = step.Target });
                await AuditAsync(db, "system", "content.removed", $"content:{step.Target}", new { case_id = @case.Id, reason = step.Reason }, cancellationToken);
                break;
            case CascadeKind.HoldContent:
                var held = rows[step.Target];
                if (held.Status == ContentStatus.Visible)
                {
                    held.Status = ContentStatus.Restricted;
                    Outbox.Add(db, "content.restricted", now, new Dictionary<string, object?>(fields) { ["content_id"] = step.Target });
                    await AuditAsync(db, "system", "content.restricted", $"content:{step.Target}", new { case_id = @case.Id, reason = step.Reason }, cancellationToken);
                }

                await OpenHeldCaseAsync(db, @case, held, step.Reason, now, cancellationToken);
                break;
            case CascadeKind.Demonetize:
                Outbox.Add(db, "content.demonetized", now, new Dictionary<string, object?>(fields) { ["content_id"] = step.Target });
                break;
            case CascadeKind.BankHashes:
                await BankAsync(db, rows[step.Target], @case, decision, now, cancellationToken);
                break;
            case CascadeKind.SuspendAccount:
                Outbox.Add(db, "account.suspended", now, new Dictionary<string, object?>(fields) { ["account_id"] = step.Target });
                await AuditAsync(db, "system", "account.suspended", $"account:{step.Target}", new { case_id = @case.Id, reason = step.Reason }, cancellationToken);
                break;
            case CascadeKind.ReviewAccount:
                Outbox.Add(db, "account.review_requested", now, new Dictionary<string, object?>(fields) { ["account_id"] = step.Target });
                break;
        }
    }

    /// <summary>
    /// A copy held rather than removed goes to review: a case of its own at the confirmed case's priority (unless it has
    /// an open one already, which is raised to that priority), with no report behind it; the reason says where it came from.
    /// </summary>
    private async Task OpenHeldCaseAsync(AegisDbContext db, CaseRow confirmed, ContentRow held, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var open = await db.Cases.SingleOrDefaultAsync(c => c.OpenKey == held.Id, cancellationToken);
        if (open is not null)
        {
            if (open.Level < confirmed.Level)
            {
                (open.Level, open.DueAt) = (confirmed.Level, Min(open.DueAt, _sla.DueAt(now, confirmed.Level)));
            }

            open.ChildSafety |= confirmed.ChildSafety;
            return;
        }

        var row = OpenCase(db, held, confirmed.Level, confirmed.ChildSafety, now);
        (row.Reports, row.RestrictedAt, row.ViewsAtRestriction, row.SharesAtRestriction) = (0, now, held.Views, held.Shares);
        await db.SaveChangesAsync(cancellationToken);
        Outbox.Add(db, "case.opened", now, new Dictionary<string, object?>(CaseFields(row, held.ContentId)) { ["reason"] = reason, ["from_case_id"] = confirmed.Id });
        await AuditAsync(db, "system", "case.opened", $"case:{row.Id}", new { content_id = held.ContentId, reason, from_case_id = confirmed.Id }, cancellationToken);
    }

    private async Task BankAsync(AegisDbContext db, ContentRow item, CaseRow @case, Decision decision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var bank = await db.Banks.SingleOrDefaultAsync(b => b.Name == PlatformBank, cancellationToken);
        if (bank is null)
        {
            bank = new BankRow { Name = PlatformBank, PdqThreshold = Bank.DefaultPdqThreshold, Action = BankAction.Block, Kind = BankKind.Ordinary, Enabled = true, Description = "Hashes of items confirmed by review (the takedown cascade).", CreatedAt = now };
            bank.SetVideo(Matching.Video.VideoMatchThresholds.Default);
            db.Banks.Add(bank);
            await db.SaveChangesAsync(cancellationToken);
            await ChangeFeed.AppendAsync(db, bank.Id, null, BankChangeKind.BankCreated, now, cancellationToken);
        }

        foreach (var (type, value) in new[] { (SignalType.Pdq, item.Pdq), (SignalType.Md5, item.Md5), (SignalType.Sha256, item.Sha256), (SignalType.Vpdq, item.Vpdq) })
        {
            if (value is null)
            {
                continue;
            }

            var (key, signal) = HashValues.Stored(type, value);
            if (await db.Entries.AnyAsync(e => e.BankId == bank.Id && e.Type == type && e.Value == key, cancellationToken))
            {
                continue;
            }

            var entry = new BankEntryRow
            {
                BankId = bank.Id, Type = type, Value = key, Signal = signal, List = $"case:{@case.Id}", ExternalId = item.ContentId,
                Category = decision.Classification?.ToString() ?? decision.Kind.ToString(), AddedAt = now, AddedBy = decision.Reviewer, Enabled = true,
            };
            db.Entries.Add(entry);
            await db.SaveChangesAsync(cancellationToken);
            await ChangeFeed.AppendAsync(db, bank.Id, entry.Id, BankChangeKind.EntryAdded, now, cancellationToken);
        }
    }
}
