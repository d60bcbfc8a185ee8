using Aegis.Core.Cases;
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
    /// Runs a confirmed case's cascade (<see cref="CaseWorkflow.Cascade"/>) if it is still pending: every step, the held
    /// copies' cases, the banked hashes, every webhook and audit entry, and clearing the mark, in one transaction under
    /// the case's lock. Returns false when there was nothing to do (already run, by this or another node).
    /// </summary>
    /// <param name="caseId">The confirmed case.</param>
    /// <param name="copies">Content rows that are copies of the item by hash, with their PDQ distance (the caller holds the content index).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<bool> RunCascadeAsync(long caseId, IReadOnlyCollection<(long RowId, int Distance)> copies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(copies);
        return CaseRows.RetryAsync(async () =>
        {
            var now = store.Time.GetUtcNow();
            await using var db = store.CreateContext();
            await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
            var row = await CaseRows.LockCaseAsync(db, caseId, cancellationToken);
            if (row is not { CascadePending: true })
            {
                return false;
            }

            // The copies found now, and those the report's restriction linked (a copy the index no longer finds stays reached).
            var linkedCopies = await db.CaseLinks.AsNoTracking()
                .Where(l => l.CaseId == caseId && l.Distance != null && (l.Kind == CaseLinkKind.Copy || l.Kind == CaseLinkKind.HeldCopy))
                .Select(l => new { l.ContentRowId, l.Distance }).ToListAsync(cancellationToken);
            var allCopies = copies.Concat(linkedCopies.Select(l => (l.ContentRowId, l.Distance!.Value))).DistinctBy(x => x.Item1).ToList();
            var (found, rows) = await LoadGraphAsync(db, row.ContentRowId, allCopies, cancellationToken);
            // A conversation case's ring: the senders of every conversation that joined it (the same script).
            var ring = await db.Conversations.AsNoTracking().Where(c => c.CaseId == caseId && c.SuspectId != null).Select(c => c.SuspectId!).Distinct().ToListAsync(cancellationToken);
            var uploaders = rows.Values.Select(r => r.UploaderId).OfType<string>().Concat(ring).Distinct().ToList();
            var suspended = await db.SuspendedAccounts.AsNoTracking().Where(a => uploaders.Contains(a.AccountId)).Select(a => a.AccountId).ToListAsync(cancellationToken);
            var graph = found with
            {
                SuspendedAccounts = suspended.ToHashSet(StringComparer.Ordinal),
                RingAccounts = ring.Where(a => a != found.Root.UploaderId).ToHashSet(StringComparer.Ordinal),
            };
            var confirmed = row.ToCase(graph.Root.ContentId, await CaseRows.DecisionsAsync(db, caseId, cancellationToken));
            var result = CaseWorkflow.Cascade(confirmed, graph, now, _rules);
            if (result.Refusal is not null)
            {
                return false;
            }

            row.Apply(result.Case);
            await CyberTipRows.DraftAsync(db, result.Case, rows[graph.Root.ContentId].UploaderId, null, _rules, now, cancellationToken);
            foreach (var (contentId, state) in result.Changed)
            {
                (rows[contentId].Status, rows[contentId].Demonetized) = (state.Status, state.Demonetized);
            }

            // Everything the cascade acted on is shown on the case; each suspended account is recorded once, for the gate.
            var linked = await LinkedIdsAsync(db, caseId, cancellationToken);
            var heldIds = result.Held.Select(h => h.Content.ContentId).ToHashSet(StringComparer.Ordinal);
            var linker = graph.Linker();
            Link(db, caseId, result.Events.OfType<Core.Events.ContentRemoved>().Select(e => e.ContentId).Concat(heldIds)
                .Where(id => id != graph.Root.ContentId && linked.Add(id))
                .Select(id => linker(id, heldIds.Contains(id))), rows, now);
            foreach (var suspension in result.Events.OfType<Core.Events.AccountSuspended>())
            {
                db.SuspendedAccounts.Add(new AccountRow
                {
                    AccountId = suspension.AccountId, CaseId = caseId, SuspendedAt = CaseRow.Millis(now),
                    ChildSafety = confirmed.ChildSafety || confirmed.Confirmation?.Kind == DecisionKind.ConfirmCsam, Reason = suspension.Reason,
                });
            }

            EventWriter.Add(db, result.Events, now);
            var decision = result.Case.Confirmation!;
            foreach (var contentId in result.Bank)
            {
                await BankAsync(db, rows[contentId], caseId, decision, now, cancellationToken);
            }

            foreach (var held in result.Held)
            {
                await HoldAsync(db, result.Case, held, rows[held.Content.ContentId].Id, now, cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        });
    }

    /// <summary>
    /// The item, its copies and the reshares of all of them (by the parent ids the gate recorded, a level at a time),
    /// locked for update in id order.
    /// </summary>
    private static async Task<(CascadeGraph Graph, Dictionary<string, ContentRow> Rows)> LoadGraphAsync(
        AegisDbContext db, long rootRowId, IReadOnlyCollection<(long RowId, int Distance)> copies, CancellationToken cancellationToken)
    {
        var ids = new HashSet<long>(copies.Select(c => c.RowId)) { rootRowId };
        var frontier = await db.Contents.AsNoTracking().Where(c => ids.Contains(c.Id)).Select(c => c.ContentId).ToListAsync(cancellationToken);
        while (frontier.Count > 0)
        {
            var level = await db.Contents.AsNoTracking().Where(c => c.ParentContentId != null && frontier.Contains(c.ParentContentId))
                .Select(c => new { c.Id, c.ContentId }).ToListAsync(cancellationToken);
            frontier = [.. level.Where(c => ids.Add(c.Id)).Select(c => c.ContentId)];
        }

        var locked = await CaseRows.LockContentsAsync(db, [.. ids], cancellationToken);
        var byRow = locked.ToDictionary(r => r.Id);
        var rows = locked.ToDictionary(r => r.ContentId, StringComparer.Ordinal);
        var root = byRow[rootRowId];
        var reshares = locked.Where(r => r.ParentContentId is not null && r.Id != rootRowId)
            .GroupBy(r => r.ParentContentId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<ReshareState>)[.. g.Select(r => new ReshareState(CaseRows.State(r), g.Key))], StringComparer.Ordinal);
        var copyStates = copies.Where(c => c.RowId != rootRowId && byRow.ContainsKey(c.RowId))
            .Select(c => new CascadeCopyState(CaseRows.State(byRow[c.RowId]), c.Distance)).ToList();
        return (new CascadeGraph(CaseRows.State(root), root.ParentContentId, copyStates, reshares), rows);
    }

    /// <summary>A held copy's case: opened, or its open case raised (locked first).</summary>
    private async Task HoldAsync(AegisDbContext db, Case confirmed, HeldCopy held, long rowId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var openId = await db.Cases.AsNoTracking().Where(c => c.OpenKey == rowId).Select(c => (long?)c.Id).FirstOrDefaultAsync(cancellationToken);
        var openRow = openId is { } id ? await CaseRows.LockCaseAsync(db, id, cancellationToken) : null;
        var open = openRow?.ToCase(held.Content.ContentId, []);
        var newId = open is null ? await CaseRows.NextIdAsync(db, "cases", cancellationToken) : 0;
        var step = CaseWorkflow.Hold(confirmed, held, open, newId, now, _rules);
        var target = openRow ?? new CaseRow { Id = step.Case.Id, ContentRowId = rowId };
        target.Apply(step.Case);
        if (openRow is null)
        {
            db.Cases.Add(target);
        }

        EventWriter.Add(db, step.Events, now);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The item's hashes into <see cref="PlatformBank"/>, marked with the case (an overturned appeal disables them).</summary>
    private static async Task BankAsync(AegisDbContext db, ContentRow item, long caseId, Decision decision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var bank = await db.Banks.SingleOrDefaultAsync(b => b.Name == PlatformBank, cancellationToken);
        if (bank is null)
        {
            bank = new BankRow
            {
                Name = PlatformBank, PdqThreshold = Bank.DefaultPdqThreshold, Action = BankAction.Block, Kind = BankKind.Ordinary, Enabled = true,
                Description = "Hashes of items confirmed by review (the takedown cascade).", CreatedAt = now,
            };
            bank.SetVideo(Matching.Video.VideoMatchThresholds.Default);
            await BankStore.InsertBankAsync(db, bank, cancellationToken);
        }

        foreach (var (type, value) in new[] { (SignalType.Pdq, item.Pdq), (SignalType.Md5, item.Md5), (SignalType.Sha256, item.Sha256), (SignalType.Vpdq, item.Vpdq) })
        {
            if (value is null)
            {
                continue;
            }

            var (key, signal) = HashValues.Stored(type, value);
            await BankStore.InsertEntryAsync(db, new BankEntryRow
            {
                BankId = bank.Id, Type = type, Value = key, Signal = signal, List = $"case:{caseId}", CaseId = caseId, ExternalId = item.ContentId,
                Category = decision.Classification?.ToString() ?? decision.Kind.ToString(), AddedAt = now, AddedBy = decision.Reviewer, Enabled = true,
            }, now, cancellationToken);
        }
    }
}
