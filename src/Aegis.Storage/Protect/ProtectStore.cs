using Aegis.Core.Cases;
using Aegis.Core.Events;
using Aegis.Core.Protect;
using Aegis.Core.Reports;
using Aegis.Matching.Banks;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

/// <summary>
/// The protect page's submissions: their hashes banked (each entry shared by every submission that holds it), the items
/// they matched, what a receipt shows. Restricting what matched is a report (<see cref="CaseStore.ReportManyAsync"/> with
/// <see cref="ReportWrite.Protect"/>), holding later uploads the gate's (<see cref="CaseStore.RecordAtGateAsync"/>), and a
/// withdrawal <see cref="CaseStore.WithdrawAsync"/>.
/// </summary>
public sealed class ProtectStore(BankStore store)
{
    /// <summary>Makes the banks submitted hashes go in, if missing (another node making them first is fine).</summary>
    /// <param name="banks">Each bank's name, action and description.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task EnsureBanksAsync(IReadOnlyList<(string Name, BankAction Action, string Description)> banks, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(banks);
        foreach (var (name, action, description) in banks)
        {
            if (await store.GetBankAsync(name, cancellationToken) is not null)
            {
                continue;
            }

            try
            {
                await store.CreateBankAsync(name, Bank.DefaultPdqThreshold, action, BankKind.Ordinary, description, cancellationToken: cancellationToken);
            }
            catch (BankStoreException e) when (e.Error == BankStoreError.AlreadyExists)
            {
                // made by another node meanwhile
            }
        }
    }

    /// <summary>
    /// Stores a submission and banks its hashes in one transaction: a hash already in the bank is shared (and enabled
    /// again if a withdrawal had disabled it). From its commit, every node's gate holds a matching upload.
    /// </summary>
    /// <returns>The submission's id.</returns>
    public Task<long> SubmitAsync(ProtectNew submission, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(submission);
        return CaseRows.RetryAsync(async () =>
        {
            var now = store.Time.GetUtcNow();
            await using var db = store.CreateContext();
            await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
            var row = new ProtectSubmissionRow
            {
                ReceiptKey = submission.ReceiptKey,
                Statement = submission.Statement,
                Contact = submission.Contact?.Sealed,
                ContactKeyId = submission.Contact?.KeyId,
                Files = submission.Files,
                Hashes = submission.Hashes.Count,
                CreatedAt = now,
            };
            db.ProtectSubmissions.Add(row);
            await db.SaveChangesAsync(cancellationToken);

            var banks = await db.Banks.AsNoTracking().ToDictionaryAsync(b => b.Name, b => b.Id, StringComparer.Ordinal, cancellationToken);
            var held = new HashSet<long>();
            foreach (var (bank, type, value) in submission.Hashes)
            {
                var (key, signal) = HashValues.Stored(type, value);
                var bankId = banks.TryGetValue(bank, out var id) ? id : throw new BankStoreException(BankStoreError.NotFound, $"There is no bank '{bank}'.");
                var entry = await db.Entries.AsNoTracking().SingleOrDefaultAsync(e => e.BankId == bankId && e.Type == type && e.Value == key, cancellationToken);
                if (entry is null)
                {
                    entry = new BankEntryRow
                    {
                        BankId = bankId, Type = type, Value = key, Signal = signal, List = "protect", ExternalId = $"protect:{row.Id}",
                        Category = ProtectRules.Name(submission.Statement), AddedAt = now, AddedBy = "protect-page", Enabled = true,
                    };
                    await BankStore.InsertEntryAsync(db, entry, now, cancellationToken);
                }
                else if (!entry.Enabled)
                {
                    await BankStore.SetEnabledAsync(db, entry.Id, enabled: true, now, quarantinedAt: null, cancellationToken);
                }

                if (held.Add(entry.Id))
                {
                    db.ProtectHashes.Add(new ProtectHashRow { SubmissionId = row.Id, EntryId = entry.Id });
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return row.Id;
        });
    }

    /// <summary>A submission whose hashes matched nothing already up: told to the platform (its later matches are held).</summary>
    public async Task NothingFoundAsync(long submissionId, CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var row = await db.ProtectSubmissions.AsNoTracking().SingleAsync(s => s.Id == submissionId, cancellationToken);
        EventWriter.Add(db, [new ProtectSubmitted(row.Id, ProtectRules.Name(row.Statement), row.Files, row.Hashes, 0, null)], now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>What the receipt with key <paramref name="receiptKey"/> shows, or null for no such receipt.</summary>
    public async Task<ProtectStanding?> StandingAsync(string receiptKey, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var row = await db.ProtectSubmissions.AsNoTracking().SingleOrDefaultAsync(s => s.ReceiptKey == receiptKey, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var found = await db.ProtectItems.AsNoTracking().Where(i => i.SubmissionId == row.Id)
            .Select(i => new { i.ContentRowId, i.Later }).ToListAsync(cancellationToken);
        var status = await ReachedAsync(db, row.Id, row.CaseId, cancellationToken);
        var open = row.CaseId is { } caseId
            && await db.Cases.AsNoTracking().AnyAsync(c => c.Id == caseId && (c.State == CaseState.Open || c.State == CaseState.AwaitingSecondReview), cancellationToken);
        return new ProtectStanding(
            row.CreatedAt, ProtectRules.Name(row.Statement), row.Files, row.Hashes, found.Count,
            status.Values.Count(s => s == ContentStatus.Restricted),
            found.Count(f => f.Later && status.GetValueOrDefault(f.ContentRowId) == ContentStatus.Restricted),
            status.Values.Count(s => s == ContentStatus.Removed), open, row.WithdrawnAt);
    }

    /// <summary>
    /// In a report's transaction: the items a submission found are recorded as its own, its case is the one the report
    /// opened or joined (unless it has an open one already), and the platform is told.
    /// </summary>
    internal static async Task AttachAsync(AegisDbContext db, ProtectFound found, long? caseId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var row = await db.ProtectSubmissions.SingleAsync(s => s.Id == found.SubmissionId, cancellationToken);
        row.CaseId ??= caseId;
        var known = await db.ProtectItems.AsNoTracking().Where(i => i.SubmissionId == row.Id).Select(i => i.ContentRowId).ToListAsync(cancellationToken);
        foreach (var rowId in found.Rows.Distinct().Except(known))
        {
            db.ProtectItems.Add(new ProtectItemRow { SubmissionId = row.Id, ContentRowId = rowId, At = now });
        }

        EventWriter.Add(db, [new ProtectSubmitted(row.Id, ProtectRules.Name(row.Statement), found.Files, found.Hashes, found.Rows.Count, row.CaseId)], now);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Sets aside a submitted hash that matched far more items than a person's pictures could: its entry is disabled and
    /// marked quarantined (a curator enables it to put it to work), unless another live submission holds it too.
    /// </summary>
    public async Task QuarantineAsync(long submissionId, string bank, SignalType type, string value, int matches, CancellationToken cancellationToken = default)
    {
        var now = store.Time.GetUtcNow();
        var (key, _) = HashValues.Stored(type, value);
        await using var db = store.CreateContext();
        await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
        var entry = await db.Entries.AsNoTracking().Where(e => e.Type == type && e.Value == key && db.Banks.Any(b => b.Id == e.BankId && b.Name == bank))
            .SingleOrDefaultAsync(cancellationToken);
        if (entry is null)
        {
            return;
        }

        await BankStore.SetEnabledAsync(db, entry.Id, enabled: false, now, quarantinedAt: now, cancellationToken);

        EventWriter.Add(db, [new ProtectHashQuarantined(submissionId, bank, entry.Id, type.ToString().ToLowerInvariant(), matches)], now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The status of every item a submission found, and of what its case reached from them (reshares, copies), by row.</summary>
    internal static async Task<Dictionary<long, ContentStatus>> ReachedAsync(AegisDbContext db, long submissionId, long? caseId, CancellationToken cancellationToken)
    {
        var reached = (await db.ProtectItems.AsNoTracking().Where(i => i.SubmissionId == submissionId).Select(i => i.ContentRowId).ToListAsync(cancellationToken)).ToHashSet();
        if (caseId is { } id)
        {
            reached.UnionWith(await db.CaseLinks.AsNoTracking().Where(l => l.CaseId == id).Select(l => l.ContentRowId).ToListAsync(cancellationToken));
            reached.UnionWith(await db.Cases.AsNoTracking().Where(c => c.Id == id).Select(c => c.ContentRowId).ToListAsync(cancellationToken));
        }

        var rows = reached.ToList();
        return await db.Contents.AsNoTracking().Where(c => rows.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.Status, cancellationToken);
    }
}
