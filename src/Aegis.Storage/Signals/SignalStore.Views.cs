using Aegis.Core.Events;
using Aegis.Core.Signals;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

public sealed partial class SignalStore
{
    /// <summary>The conversations of a case (its own, then its ring's), with their explanations and kept messages.</summary>
    /// <param name="caseId">The case.</param>
    /// <param name="maxMessages">The most kept messages returned per conversation (the latest).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<IReadOnlyList<ConversationView>> ConversationsOfCaseAsync(long caseId, int maxMessages = 200, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var rows = await db.Conversations.AsNoTracking().Where(c => c.CaseId == caseId).OrderBy(c => c.Id).Take(100).ToListAsync(cancellationToken);
        var suspended = await SuspendedAsync(db, rows.Select(r => r.SuspectId).OfType<string>().ToList(), cancellationToken);
        var views = new List<ConversationView>(rows.Count);
        foreach (var row in rows)
        {
            var messages = await db.ConversationMessages.AsNoTracking().Where(m => m.ConversationRowId == row.Id)
                .OrderByDescending(m => m.SentAt).ThenByDescending(m => m.Id).Take(Math.Clamp(maxMessages, 1, 1000)).ToListAsync(cancellationToken);
            var state = row.State.Length == 0 ? new ConversationState() : ConversationState.FromBytes(row.State, keepTail: false);
            views.Add(new ConversationView(
                row.ConversationId, row.OpenerId, row.RecipientId, row.RecipientAge, row.Connected, Time(row.FirstAt), Time(row.LastAt), row.Messages,
                row.Raised, row.Rule, row.Score, row.SuspectId, row.TargetId, row.TargetMinor, row.RetainUntil is { } r ? Time(r) : null,
                row.SuspectId is { } s && suspended.Contains(s),
                state.Evidence,
                [.. messages.OrderBy(m => m.SentAt).ThenBy(m => m.Id).Select(m => new KeptMessage(m.MessageId, m.SenderId, m.RecipientId, Time(m.SentAt), m.Text, m.Features, m.Attachments))]));
        }

        return views;
    }

    /// <summary>The conversation's view by its id, or null.</summary>
    public async Task<long?> CaseOfConversationAsync(string conversationId, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return await db.Conversations.AsNoTracking().Where(c => c.ConversationId == conversationId).Select(c => c.CaseId).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Whether a signal's case has waited longer than <see cref="LeftToIntake"/> to open (a node died between the two):
    /// what <see cref="OpenCasesAsync"/> opens for the worker.
    /// </summary>
    public async Task<bool> AnyLeftPendingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return await LeftPending(db).AnyAsync(cancellationToken);
    }

    /// <summary>Conversations whose signal has waited longer than <see cref="LeftToIntake"/> for its case.</summary>
    private IQueryable<ConversationRow> LeftPending(AegisDbContext db)
    {
        var before = (store.Time.GetUtcNow() - LeftToIntake).ToUnixTimeMilliseconds();
        return db.Conversations.Where(c => c.Pending && (c.PendingAt == null || c.PendingAt < before));
    }

    /// <summary>
    /// Forgets the text of conversations whose retention has ended (the state stays; what a confirmed case preserved
    /// is in the evidence vault, under its own retention). Returns how many messages were deleted.
    /// </summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = store.CreateContext();
        var expired = db.Conversations.Where(c => c.RetainUntil != null && c.RetainUntil < now).Select(c => c.Id);
        var deleted = await db.ConversationMessages.Where(m => expired.Contains(m.ConversationRowId)).ExecuteDeleteAsync(cancellationToken);
        await db.Conversations.Where(c => c.RetainUntil != null && c.RetainUntil < now).ExecuteUpdateAsync(s => s.SetProperty(c => c.RetainUntil, (long?)null), cancellationToken);
        return deleted;
    }

    /// <summary>The pattern banks stored (without their bodies).</summary>
    public async Task<IReadOnlyList<PatternBankSummary>> BanksAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return await db.PatternBanks.AsNoTracking().OrderBy(b => b.Name)
            .Select(b => new PatternBankSummary(b.Name, b.Version, b.Language, b.Entries, b.Enabled, b.UpdatedAt, b.UpdatedBy)).ToListAsync(cancellationToken);
    }

    /// <summary>A stored bank in its exchange format, or null.</summary>
    public async Task<string?> BankBodyAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return await db.PatternBanks.AsNoTracking().Where(b => b.Name == name).Select(b => b.Body).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The enabled banks' bodies, for the detectors.</summary>
    public async Task<IReadOnlyList<string>> EnabledBankBodiesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return await db.PatternBanks.AsNoTracking().Where(b => b.Enabled).OrderBy(b => b.Name).Select(b => b.Body).ToListAsync(cancellationToken);
    }

    /// <summary>Stores (or replaces) a bank by its name, audited. Returns true when it was new.</summary>
    public async Task<bool> PutBankAsync(PatternBank bank, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bank);
        var now = store.Time.GetUtcNow();
        var body = PatternBankFormat.Write(bank);
        return await CaseRows.RetryAsync(async () =>
        {
            await using var db = store.CreateContext();
            await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
            var row = await db.PatternBanks.SingleOrDefaultAsync(b => b.Name == bank.Name, cancellationToken);
            var created = row is null;
            row ??= db.PatternBanks.Add(new PatternBankRow { Name = bank.Name, Version = "", Language = "", Body = "", UpdatedBy = actor }).Entity;
            (row.Version, row.Language, row.Entries, row.Body, row.UpdatedAt, row.UpdatedBy, row.Enabled) = (bank.Version, bank.Language, bank.Entries.Count, body, now, actor, true);
            EventWriter.Add(db, new PatternBankChanged(actor, bank.Name, bank.Version, bank.Language, bank.Entries.Count, false), now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return created;
        });
    }

    /// <summary>Deletes a bank, audited; false when there was none.</summary>
    public async Task<bool> DeleteBankAsync(string name, string actor, CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var row = await db.PatternBanks.SingleOrDefaultAsync(b => b.Name == name, cancellationToken);
        if (row is null)
        {
            return false;
        }

        db.PatternBanks.Remove(row);
        EventWriter.Add(db, new PatternBankChanged(actor, name, null, row.Language, 0, true), now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>A stamp of the stored banks: it changes whenever one is imported, replaced or deleted (nodes rebuild then).</summary>
    public async Task<string> BanksStampAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var banks = await db.PatternBanks.AsNoTracking().OrderBy(b => b.Name).Select(b => new { b.Name, b.Version, b.UpdatedAt, b.Enabled }).ToListAsync(cancellationToken);
        return string.Join('|', banks.Select(b => $"{b.Name}@{b.Version}@{b.UpdatedAt.ToUnixTimeMilliseconds()}@{b.Enabled}"));
    }

    private static DateTimeOffset Time(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);

    private static async Task<HashSet<string>> SuspendedAsync(AegisDbContext db, List<string> accounts, CancellationToken cancellationToken) =>
        (await db.SuspendedAccounts.AsNoTracking().Where(a => accounts.Contains(a.AccountId)).Select(a => a.AccountId).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
}
