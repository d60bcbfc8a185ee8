using Aegis.Core.Events;
using Aegis.Core.Input;
using Aegis.Matching.Banks;
using Aegis.Matching.Video;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

public sealed partial class BankStore
{
    /// <summary>Creates a bank (and a <see cref="BankChangeKind.BankCreated"/> change).</summary>
    /// <exception cref="BankStoreException">The name, threshold or description is not valid, or the name is taken.</exception>
    public async Task<Bank> CreateBankAsync(
        string name,
        int pdqThreshold = Bank.DefaultPdqThreshold,
        BankAction action = BankAction.Block,
        BankKind kind = BankKind.Ordinary,
        string? description = null,
        VideoMatchThresholds? video = null,
        CancellationToken cancellationToken = default)
    {
        if ((Bank.ValidateName(name) ?? Bank.ValidateThreshold(pdqThreshold) ?? FreeText.Validate("description", description)) is { } invalid)
        {
            throw new BankStoreException(BankStoreError.Invalid, invalid);
        }

        await using var db = CreateContext();
        if (await db.Banks.AnyAsync(b => b.Name == name, cancellationToken))
        {
            throw BankExists(name);
        }

        var row = new BankRow
        {
            Name = name,
            PdqThreshold = pdqThreshold,
            Action = action,
            Kind = kind,
            Enabled = true,
            Description = string.IsNullOrEmpty(description) ? null : description,
            CreatedAt = _time.GetUtcNow().ToUniversalTime(),
        };
        row.SetVideo(video ?? VideoMatchThresholds.Default);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            await InsertBankAsync(db, row, cancellationToken);
        }
        catch (DbUpdateException e) when (StoreErrors.IsUniqueViolation(e))
        {
            throw BankExists(name, e);
        }

        await transaction.CommitAsync(cancellationToken);
        return row.ToBank();
    }

    /// <summary>Inserts a bank and its <see cref="BankChangeKind.BankCreated"/> change, inside the caller's transaction.</summary>
    internal static async Task InsertBankAsync(AegisDbContext db, BankRow row, CancellationToken cancellationToken)
    {
        db.Banks.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await ChangeFeed.AppendAsync(db, row.Id, null, BankChangeKind.BankCreated, row.CreatedAt, cancellationToken);
    }

    /// <summary>Every bank, by name, with its entry counts.</summary>
    public async Task<IReadOnlyList<BankSummary>> ListBanksAsync(CancellationToken cancellationToken = default)
    {
        await using var db = CreateContext();
        var banks = await db.Banks.AsNoTracking().ToListAsync(cancellationToken);
        var counts = await db.Entries
            .GroupBy(e => e.BankId)
            .Select(g => new { BankId = g.Key, Total = g.LongCount(), Enabled = g.LongCount(e => e.Enabled) })
            .ToDictionaryAsync(c => c.BankId, cancellationToken);
        return banks
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .Select(b => counts.TryGetValue(b.Id, out var c)
                ? new BankSummary(b.ToBank(), c.Enabled, c.Total)
                : new BankSummary(b.ToBank(), 0, 0))
            .ToList();
    }

    /// <summary>When each bank last changed (its settings or an entry), by bank name; a bank with no change is absent.</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> LastChangesAsync(CancellationToken cancellationToken = default)
    {
        await using var db = CreateContext();
        var last = await db.Changes.GroupBy(c => c.BankId).Select(g => new { BankId = g.Key, Sequence = g.Max(c => c.Sequence) }).ToListAsync(cancellationToken);
        var sequences = last.Select(l => l.Sequence).ToList();
        var times = await db.Changes.AsNoTracking().Where(c => sequences.Contains(c.Sequence)).Select(c => new { c.BankId, c.At }).ToListAsync(cancellationToken);
        var names = await ReadBankNamesAsync(cancellationToken);
        return times.Where(t => names.ContainsKey(t.BankId)).ToDictionary(t => names[t.BankId], t => t.At, StringComparer.Ordinal);
    }

    /// <summary>The bank with that name (names are case-sensitive), or null.</summary>
    public async Task<Bank?> GetBankAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = CreateContext();
        var row = await db.Banks.AsNoTracking().SingleOrDefaultAsync(b => b.Name == name, cancellationToken);
        return row?.ToBank();
    }

    /// <summary>Changes a bank's settings, unaudited (for tests and seeding); a <see cref="BankChangeKind.BankUpdated"/> change is written when any differs.</summary>
    /// <returns>The bank as it now is.</returns>
    /// <exception cref="BankStoreException">No such bank, or the threshold or description is not valid.</exception>
    public Task<Bank> UpdateBankAsync(string name, BankUpdate update, CancellationToken cancellationToken = default) =>
        UpdateBankCoreAsync(name, update, actor: null, cancellationToken);

    /// <summary>
    /// Changes a bank's settings; when any differs, a <see cref="BankChangeKind.BankUpdated"/> change is written and the
    /// change audited (<c>bank.updated</c>, with each setting's new value) by <paramref name="actor"/>, in one transaction.
    /// </summary>
    /// <returns>The bank as it now is.</returns>
    /// <exception cref="BankStoreException">No such bank, or the threshold or description is not valid.</exception>
    public Task<Bank> UpdateBankAsync(string name, BankUpdate update, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        return UpdateBankCoreAsync(name, update, actor, cancellationToken);
    }

    private async Task<Bank> UpdateBankCoreAsync(string name, BankUpdate update, string? actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (((update.PdqThreshold is { } threshold ? Bank.ValidateThreshold(threshold) : null)
            ?? (update.MatchingRatio is { } r ? Bank.ValidateRatio(r) : null)
            ?? FreeText.Validate("description", update.Description)) is { } invalid)
        {
            throw new BankStoreException(BankStoreError.Invalid, invalid);
        }

        await using var db = CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var row = await db.Banks.SingleOrDefaultAsync(b => b.Name == name, cancellationToken) ?? throw BankNotFound(name);
        row.PdqThreshold = update.PdqThreshold ?? row.PdqThreshold;
        row.Action = update.Action ?? row.Action;
        row.Kind = update.Kind ?? row.Kind;
        if (update.MatchingRatio is { } ratio)
        {
            // HMA's model: a bank is enabled when its ratio is above 0.
            row.MatchingRatio = ratio;
            row.Enabled = ratio > 0;
        }
        else if (update.Enabled is { } enabled)
        {
            row.Enabled = enabled;
            row.MatchingRatio = enabled && row.MatchingRatio == 0 ? 1.0 : row.MatchingRatio;
        }

        if (update.Video is { } video)
        {
            row.SetVideo(video);
        }

        if (update.Description is not null)
        {
            row.Description = update.Description.Length == 0 ? null : update.Description;
        }

        if (db.ChangeTracker.HasChanges())
        {
            var now = _time.GetUtcNow();
            if (actor is not null)
            {
                EventWriter.Add(db, new BankUpdated(actor, row.Name, Changes(db.Entry(row))), now);
            }

            await db.SaveChangesAsync(cancellationToken);
            await ChangeFeed.AppendAsync(db, row.Id, null, BankChangeKind.BankUpdated, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return row.ToBank();
    }

    /// <summary>Enables or disables a bank (a disabled bank is kept but never matched), unaudited (for tests).</summary>
    public Task<Bank> SetBankEnabledAsync(string name, bool enabled, CancellationToken cancellationToken = default) =>
        UpdateBankAsync(name, new BankUpdate(Enabled: enabled), cancellationToken);

    /// <summary>Enables or disables a bank (a disabled bank is kept but never matched), audited by <paramref name="actor"/>.</summary>
    public Task<Bank> SetBankEnabledAsync(string name, bool enabled, string actor, CancellationToken cancellationToken = default) =>
        UpdateBankAsync(name, new BankUpdate(Enabled: enabled), actor, cancellationToken);

    /// <summary>
    /// Deletes a bank, unaudited (for tests): see <see cref="DeleteBankAsync(string, string, CancellationToken)"/>.
    /// </summary>
    /// <returns>False when there is no (live) bank of that name.</returns>
    public Task<bool> DeleteBankAsync(string name, CancellationToken cancellationToken = default) =>
        DeleteBankCoreAsync(name, actor: null, cancellationToken);

    /// <summary>
    /// Deletes a bank: it is gone (no longer listed or found by name, never matched again, its name free for a new bank),
    /// and its rows and its entries' rows are kept for the record. A <see cref="BankChangeKind.BankDeleted"/> change is
    /// written and the deletion audited (<c>bank.deleted</c>) by <paramref name="actor"/>, in one transaction.
    /// </summary>
    /// <returns>False when there is no (live) bank of that name.</returns>
    /// <exception cref="BankStoreException">An exchange fills the bank (<see cref="BankStoreError.Conflict"/>: delete it first).</exception>
    public Task<bool> DeleteBankAsync(string name, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        return DeleteBankCoreAsync(name, actor, cancellationToken);
    }

    private async Task<bool> DeleteBankCoreAsync(string name, string? actor, CancellationToken cancellationToken)
    {
        await using var db = CreateContext();
        await using var transaction = await BeginWriteAsync(db, cancellationToken);
        if (await db.Banks.SingleOrDefaultAsync(b => b.Name == name, cancellationToken) is not { } row)
        {
            return false;
        }

        // An exchange filling the bank would go on writing into a bank that is gone: it is removed first, by name.
        var fillers = await db.Exchanges.Where(x => x.BankId == row.Id).Select(x => x.Name).OrderBy(x => x).ToListAsync(cancellationToken);
        if (fillers.Count > 0)
        {
            throw new BankStoreException(
                BankStoreError.Conflict,
                $"Bank '{name}' is filled by exchange{(fillers.Count == 1 ? "" : "s")} {string.Join(", ", fillers.Select(f => $"'{f}'"))}: delete {(fillers.Count == 1 ? "it" : "them")} first (DELETE /v1/exchanges/<name>).");
        }

        var now = _time.GetUtcNow();
        row.DeletedAt = now;
        if (actor is not null)
        {
            var entries = await db.Entries.LongCountAsync(e => e.BankId == row.Id, cancellationToken);
            EventWriter.Add(db, new BankDeleted(actor, row.Name, entries), now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await ChangeFeed.AppendAsync(db, row.Id, null, BankChangeKind.BankDeleted, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>The settings an update changed, each with its new value as text (snake_case names, as the API's).</summary>
    private static Dictionary<string, string?> Changes(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<BankRow> entry) =>
        entry.Properties.Where(p => p.IsModified && !Equals(p.OriginalValue, p.CurrentValue))
            .ToDictionary(
                p => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Metadata.Name),
                p => p.CurrentValue switch
                {
                    null => null,
                    bool b => b ? "true" : "false",
                    Enum e => e.ToString().ToLowerInvariant(),
                    IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                    var other => other.ToString(),
                },
                StringComparer.Ordinal);

    private static async Task<BankRow> FindBankAsync(AegisDbContext db, string name, CancellationToken cancellationToken) =>
        await db.Banks.AsNoTracking().SingleOrDefaultAsync(b => b.Name == name, cancellationToken) ?? throw BankNotFound(name);

    private static BankStoreException BankExists(string name, Exception? inner = null)
    {
        var message = $"A bank named '{name}' already exists.";
        return inner is null
            ? new BankStoreException(BankStoreError.AlreadyExists, message)
            : new BankStoreException(BankStoreError.AlreadyExists, message, inner);
    }
}
