using Aegis.Core.Content;
using Aegis.Core.Events;
using Aegis.Core.Gate;
using Aegis.Core.Reports;
using Aegis.Core.Signals;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

public sealed partial class SignalStore
{
    /// <summary>The advisory lock that makes ring joins one at a time across nodes (PostgreSQL; SQLite has one writer).</summary>
    private const long RingLock = 0x4165_6769_7352_696E; // "AegisRin"

    /// <summary>How long a pending signal is left to the intake that raised it before any node's worker opens its case.</summary>
    public static readonly TimeSpan LeftToIntake = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Opens (or joins) the cases of conversations with a signal pending, and of the outreach rule's senders, and asks
    /// the platform to protect each recipient, all in one transaction. A conversation whose script is near (at least
    /// <see cref="SignalPolicy.RingThreshold"/>) that of a raised conversation with a case joins that case: a ring of
    /// accounts sending one script is one case, and its confirmation suspends every account in it. Ring decisions are
    /// taken one at a time across nodes (a database lock), so two ring members raised at once on two nodes still make
    /// one case. Any node may call this for any pending conversation (a node that died after observing leaves it pending).
    /// </summary>
    /// <param name="rowIds">The pending conversations to open (their row ids); null: every one pending for longer than
    /// <see cref="LeftToIntake"/> (a node died before opening it).</param>
    /// <param name="outreach">The outreach rule's senders to report.</param>
    /// <param name="policy">The ring threshold and the outreach rule.</param>
    /// <param name="notice">The help and the line the recipient is given.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<IReadOnlyList<SignalCaseOpened>> OpenCasesAsync(
        IReadOnlyList<long>? rowIds, IReadOnlyList<OutreachSignal> outreach, SignalPolicy policy, SignalNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outreach);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(notice);
        if (rowIds is { Count: 0 } && outreach.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<SignalCaseOpened>>([]);
        }

        return CaseRows.RetryAsync(() => OpenOnceAsync(rowIds, outreach, policy, notice, cancellationToken));
    }

    private async Task<IReadOnlyList<SignalCaseOpened>> OpenOnceAsync(
        IReadOnlyList<long>? rowIds, IReadOnlyList<OutreachSignal> outreach, SignalPolicy policy, SignalNotice notice, CancellationToken cancellationToken)
    {
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        if (db is PostgresAegisDbContext)
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"SELECT pg_advisory_xact_lock({RingLock})", cancellationToken);
        }

        // The worker's sweep takes only what the intake that raised it has had time to open (it answers with it, and
        // sends its protection webhook before answering).
        var ids = rowIds?.ToList();
        var query = ids is null ? LeftPending(db) : db.Conversations.Where(c => c.Pending && ids.Contains(c.Id));

        var opened = new List<SignalCaseOpened>();
        foreach (var row in await query.OrderBy(c => c.Id).ToListAsync(cancellationToken))
        {
            var contentId = SignalRules.ContentId(row.ConversationId);
            await ItemAsync(db, contentId, row.SuspectId, row.FirstAt, now, cancellationToken);
            var ring = await RingAsync(db, row, policy.RingThreshold, cancellationToken);
            var intake = new ReportIntake([contentId], row.Category ?? ReportCategory.Grooming, ReportSource.MessageSignal, false, row.TargetMinor ? true : null, null, row.PendingReport);
            var copies = new Dictionary<string, IReadOnlyCollection<(long RowId, int Distance)>>(StringComparer.Ordinal) { [contentId] = ring };
            var result = (await cases.ReportInAsync(db, [new ReportWrite(intake, SignalRules.Actor, copies)], now, cancellationToken))[0][0];
            var joined = result.Action == TriageAction.JoinCase;
            (row.CaseId, row.Pending, row.PendingAt, row.PendingReport) = (result.CaseId ?? row.CaseId, false, null, null);
            if (result.CaseId is { } caseId)
            {
                EventWriter.Add(db, new RecipientProtectionRequested(
                    row.ConversationId, caseId, row.Raised == SignalKind.Sextortion ? "sextortion" : "grooming", row.Rule ?? "", row.Score,
                    row.SuspectId ?? "", row.TargetId ?? "", row.TargetMinor, SignalRules.ProtectActions, notice.HelpUrl, notice.Message), now);
                opened.Add(new SignalCaseOpened(row.ConversationId, caseId, intake.Category, joined));
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        foreach (var signal in outreach)
        {
            var contentId = SignalRules.AccountContentId(signal.SenderId);
            await ItemAsync(db, contentId, signal.SenderId, signal.From.ToUnixTimeMilliseconds(), now, cancellationToken);
            var result = (await cases.ReportInAsync(db, [new ReportWrite(SignalRules.Intake(signal, policy.Outreach!), SignalRules.Actor)], now, cancellationToken))[0][0];
            if (result.CaseId is { } caseId)
            {
                opened.Add(new SignalCaseOpened(contentId, caseId, ReportCategory.Grooming, result.Action == TriageAction.JoinCase));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return opened;
    }

    /// <summary>
    /// The signal's item (a conversation, or an account's outreach): recorded with the suspect as its uploader, so the
    /// case's confirmation suspends them; one recorded bare (reported by a person first) gets its uploader now.
    /// </summary>
    private static async Task ItemAsync(AegisDbContext db, string contentId, string? suspectId, long firstAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var item = await db.Contents.SingleOrDefaultAsync(c => c.ContentId == contentId, cancellationToken);
        if (item is null)
        {
            db.Contents.Add(ContentRow.From(
                new ContentRecord(contentId, MediaKind.Conversation, suspectId, null, DateTimeOffset.FromUnixTimeMilliseconds(firstAt), null, null, null, null, null, null, Verdict.Allow), 0, now));
        }
        else if (item.UploaderId is null)
        {
            (item.UploaderId, item.Kind) = (suspectId, MediaKind.Conversation);
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The items of raised conversations with a case whose script is near this one's (found by their band keys, then
    /// compared): the report joins the first open case among them.
    /// </summary>
    private static async Task<IReadOnlyCollection<(long RowId, int Distance)>> RingAsync(AegisDbContext db, ConversationRow row, double threshold, CancellationToken cancellationToken)
    {
        if (row.Signature is not { } bytes)
        {
            return [];
        }

        var signature = ScriptSignature.FromBytes(bytes);
        var keys = Enumerable.Range(0, RingClusterer.Bands).Select(b => unchecked((long)RingClusterer.BandKey(signature, b))).ToList();
        var candidates = await db.ScriptBands.AsNoTracking().Where(b => keys.Contains(b.BandKey) && b.ConversationRowId != row.Id)
            .Select(b => b.ConversationRowId).Distinct()
            .Join(db.Conversations.AsNoTracking().Where(c => c.CaseId != null && c.Signature != null), id => id, c => c.Id, (_, c) => new { c.ConversationId, c.Signature })
            .Take(1000).ToListAsync(cancellationToken);
        var near = candidates.Where(c => signature.Similarity(ScriptSignature.FromBytes(c.Signature!)) >= threshold)
            .Select(c => SignalRules.ContentId(c.ConversationId)).ToList();
        if (near.Count == 0)
        {
            return [];
        }

        var items = await db.Contents.AsNoTracking().Where(c => near.Contains(c.ContentId)).Select(c => c.Id).ToListAsync(cancellationToken);
        return [.. items.Select(id => (id, 0))];
    }
}
