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

    /// <summary>The bank with that name (names are case-sensitive), or null.</summary>
    public async Task<Bank?> GetBankAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var db = CreateContext();
        var row = await db.Banks.AsNoTracking().SingleOrDefaultAsync(b => b.Name == name, cancellationToken);
        return row?.ToBank();
    }

    /// <summary>Changes a bank's settings; a <see cref="BankChangeKind.BankUpdated"/> change is written when any differs.</summary>
    /// <returns>The bank as it now is.</returns>
    /// <exception cref="BankStoreException">No such bank, or the threshold or description is not valid.</exception>
    public async Task<Bank> UpdateBankAsync(string name, BankUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (((update.PdqThreshold is { } threshold ? Bank.ValidateThreshold(threshold) : null) ?? FreeText.Validate("description", update.Description)) is { } invalid)
        {
            throw new BankStoreException(BankStoreError.Invalid, invalid);
        }

        await using var db = CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var row = await db.Banks.SingleOrDefaultAsync(b => b.Name == name, cancellationToken) ?? throw BankNotFound(name);
        row.PdqThreshold = update.PdqThreshold ?? row.PdqThreshold;
        row.Action = update.Action ?? row.Action;
        row.Kind = update.Kind ?? row.Kind;
        row.Enabled = update.Enabled ?? row.Enabled;
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
            await db.SaveChangesAsync(cancellationToken);
            await ChangeFeed.AppendAsync(db, row.Id, null, BankChangeKind.BankUpdated, _time.GetUtcNow(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        return row.ToBank();
    }

    /// <summary>Enables or disables a bank (a disabled bank is kept but never matched).</summary>
    public Task<Bank> SetBankEnabledAsync(string name, bool enabled, CancellationToken cancellationToken = default) =>
        UpdateBankAsync(name, new BankUpdate(Enabled: enabled), cancellationToken);

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
