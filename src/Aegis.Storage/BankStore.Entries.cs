using System.Runtime.CompilerServices;
using Aegis.Core.Events;
using Aegis.Core.Input;
using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

public sealed partial class BankStore
{
    /// <summary>
    /// Adds one hash to a bank (and an <see cref="BankChangeKind.EntryAdded"/> change). A hash the bank already holds
    /// (same type and value) is not added again: the entry already there is returned, unchanged.
    /// </summary>
    /// <param name="bank">The bank's name.</param>
    /// <param name="record">The hash and where it came from; its time, when it has none, is now.</param>
    /// <param name="addedBy">Who adds it, when the record does not say.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="BankStoreException">No such bank, the value is not a hash of its type, or an id or label is not
    /// valid (<see cref="EntryFields"/>).</exception>
    public Task<BankEntry> AddEntryAsync(string bank, HashListRecord record, string? addedBy, CancellationToken cancellationToken = default) =>
        AddEntryAsync(bank, record, addedBy, metadata: null, cancellationToken);

    /// <summary>
    /// Adds one hash to a bank as <see cref="AddEntryAsync(string, HashListRecord, string?, CancellationToken)"/> does, with
    /// notes and metadata on a new entry (<see cref="SetEntryMetadataAsync"/>); an entry already there keeps its own.
    /// </summary>
    /// <exception cref="BankStoreException">As the other overload; or the metadata is not a JSON object of at most
    /// <see cref="MaxEntryMetadataLength"/> characters.</exception>
    public async Task<BankEntry> AddEntryAsync(
        string bank, HashListRecord record, string? addedBy, string? metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        if ((EntryFields.Validate(record) ?? Identifier.ValidateOptional("added_by", addedBy)) is { } invalid)
        {
            throw new BankStoreException(BankStoreError.Invalid, invalid);
        }

        CheckMetadata(metadata);

        var (value, signal) = HashValues.Stored(record.Type, HashValues.Canonical(record.Type, record.Value));
        await using var db = CreateContext();
        var bankRow = await FindBankAsync(db, bank, cancellationToken);
        if (await FindEntryAsync(db, bankRow.Id, record.Type, value, cancellationToken) is { } existing)
        {
            return existing.ToEntry(bankRow.Name);
        }

        var row = new BankEntryRow
        {
            BankId = bankRow.Id,
            Type = record.Type,
            Value = value,
            Signal = signal,
            List = record.List,
            ExternalId = record.ExternalId,
            Category = record.Category,
            AddedAt = (record.AddedAt ?? _time.GetUtcNow()).ToUniversalTime(),
            AddedBy = record.AddedBy ?? addedBy,
            Enabled = record.Enabled,
            Metadata = metadata,
        };
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await InsertEntryAsync(db, row, _time.GetUtcNow(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return row.ToEntry(bankRow.Name);
        }
        catch (DbUpdateException e) when (StoreErrors.IsUniqueViolation(e))
        {
            // Another caller added the same hash between the look-up and the insert: theirs is the entry.
            await using var again = CreateContext();
            var winner = await FindEntryAsync(again, bankRow.Id, record.Type, value, cancellationToken);
            return winner?.ToEntry(bankRow.Name) ?? throw new InvalidOperationException("Entry vanished after a duplicate-key error.", e);
        }
    }

    /// <summary>
    /// Enables or disables an entry; an <see cref="BankChangeKind.EntryEnabled"/> or
    /// <see cref="BankChangeKind.EntryDisabled"/> change is written only when its state actually changes.
    /// </summary>
    /// <returns>The entry as it now is.</returns>
    /// <exception cref="BankStoreException">No such entry.</exception>
    public Task<BankEntry> SetEntryEnabledAsync(long entryId, bool enabled, CancellationToken cancellationToken = default) =>
        SetEntryEnabledCoreAsync(entryId, enabled, actor: null, cancellationToken);

    /// <summary>
    /// Enables or disables an entry as <see cref="SetEntryEnabledAsync(long, bool, CancellationToken)"/> does, and audits
    /// an actual change (<c>bank.entry_enabled</c> or <c>bank.entry_disabled</c>) by <paramref name="actor"/> in the same transaction.
    /// </summary>
    /// <returns>The entry as it now is.</returns>
    /// <exception cref="BankStoreException">No such entry.</exception>
    public Task<BankEntry> SetEntryEnabledAsync(long entryId, bool enabled, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        return SetEntryEnabledCoreAsync(entryId, enabled, actor, cancellationToken);
    }

    private async Task<BankEntry> SetEntryEnabledCoreAsync(long entryId, bool enabled, string? actor, CancellationToken cancellationToken)
    {
        await using var db = CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        // An entry of a deleted bank is gone with it: not found, and left as it is.
        var changed = await db.Entries
            .Where(e => e.Id == entryId && e.Enabled != enabled && db.Banks.Any(b => b.Id == e.BankId))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Enabled, enabled), cancellationToken);
        var row = await db.Entries.AsNoTracking().SingleOrDefaultAsync(e => e.Id == entryId, cancellationToken);
        var bankName = row is null ? null : await db.Banks.Where(b => b.Id == row.BankId).Select(b => b.Name).SingleOrDefaultAsync(cancellationToken);
        if (row is null || bankName is null)
        {
            throw new BankStoreException(BankStoreError.NotFound, $"There is no bank entry with id {entryId}.");
        }

        if (changed > 0)
        {
            var kind = enabled ? BankChangeKind.EntryEnabled : BankChangeKind.EntryDisabled;
            var now = _time.GetUtcNow();
            if (actor is not null)
            {
                EventWriter.Add(db, new BankEntryToggled(actor, bankName, row.Id, enabled), now);
            }

            await ChangeFeed.AppendAsync(db, row.BankId, row.Id, kind, now, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return row.ToEntry(bankName);
    }

    /// <summary>
    /// Streams entries in id order, a page of 10,000 rows at a time (keyset paging: memory stays flat and no
    /// transaction stays open however many rows there are). For export, and for building the in-memory index at start:
    /// read <see cref="LatestChangeAsync"/> first, then the entries, then replay the changes after that sequence.
    /// </summary>
    /// <param name="bank">Only this bank's entries; every bank's when null.</param>
    /// <param name="enabledOnly">Only enabled entries (the bank's own enabled flag is not looked at).</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    /// <exception cref="BankStoreException">No such bank.</exception>
    public async IAsyncEnumerable<BankEntry> ReadEntriesAsync(
        string? bank, bool enabledOnly, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var names = await ReadBankNamesAsync(cancellationToken);
        int? bankId = null;
        if (bank is not null)
        {
            bankId = names.Where(n => n.Value == bank).Select(n => (int?)n.Key).SingleOrDefault() ?? throw BankNotFound(bank);
        }

        var deleted = bankId is null ? await ReadDeletedBankIdsAsync(cancellationToken) : [];
        var after = 0L;
        while (true)
        {
            await using var db = CreateContext();
            var query = db.Entries.AsNoTracking().Where(e => e.Id > after);
            if (bankId is { } id)
            {
                query = query.Where(e => e.BankId == id);
            }
            else if (deleted.Count > 0)
            {
                query = query.Where(e => !deleted.Contains(e.BankId));
            }

            if (enabledOnly)
            {
                query = query.Where(e => e.Enabled);
            }

            var count = 0;
            await foreach (var row in query.OrderBy(e => e.Id).Take(PageSize).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                count++;
                after = row.Id;
                if (!names.TryGetValue(row.BankId, out var name))
                {
                    names = await ReadBankNamesAsync(cancellationToken);
                    if (!names.TryGetValue(row.BankId, out name))
                    {
                        // Created and deleted since the stream began: gone, and the next pages leave it out.
                        deleted.Add(row.BankId);
                        continue;
                    }
                }

                yield return row.ToEntry(name);
            }

            if (count < PageSize)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// A page of a bank's entries, enabled or not, in id order after <paramref name="afterId"/> (keyset paging over the
    /// bank's (bank, id) index: any page costs the same).
    /// </summary>
    /// <param name="bank">The bank's name.</param>
    /// <param name="afterId">The last id of the page before (0 for the first page).</param>
    /// <param name="limit">At most this many (1 to 1,000).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="BankStoreException">No such bank.</exception>
    public async Task<IReadOnlyList<BankEntry>> ListEntriesAsync(string bank, long afterId, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = CreateContext();
        var bankRow = await FindBankAsync(db, bank, cancellationToken);
        var rows = await db.Entries.AsNoTracking()
            .Where(e => e.BankId == bankRow.Id && e.Id > afterId)
            .OrderBy(e => e.Id)
            .Take(Math.Clamp(limit, 1, 1000))
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => r.ToEntry(bankRow.Name))];
    }

    /// <summary>The entry with this id (in any bank), or null; an entry of a deleted bank is gone with it (null).</summary>
    public async Task<BankEntry?> GetEntryAsync(long entryId, CancellationToken cancellationToken = default)
    {
        await using var db = CreateContext();
        var row = await db.Entries.AsNoTracking().SingleOrDefaultAsync(e => e.Id == entryId, cancellationToken);
        if (row is null)
        {
            return null;
        }

        var bank = await db.Banks.Where(b => b.Id == row.BankId).Select(b => b.Name).SingleOrDefaultAsync(cancellationToken);
        return bank is null ? null : row.ToEntry(bank);
    }

    /// <summary>The entry's notes and metadata (a JSON object as text), or null when it has none or there is no such entry.</summary>
    public async Task<string?> GetEntryMetadataAsync(long entryId, CancellationToken cancellationToken = default)
    {
        await using var db = CreateContext();
        return await db.Entries.AsNoTracking().Where(e => e.Id == entryId).Select(e => e.Metadata).SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// Replaces the entry's notes and metadata (<see cref="BankEntryRow.Metadata"/>: a JSON object, or null for none).
    /// Unaudited, and not in the change feed: they play no part in matching.
    /// </summary>
    /// <exception cref="BankStoreException">No such entry, or the metadata is not a JSON object of at most
    /// <see cref="MaxEntryMetadataLength"/> characters.</exception>
    public async Task SetEntryMetadataAsync(long entryId, string? metadata, CancellationToken cancellationToken = default)
    {
        CheckMetadata(metadata);
        await using var db = CreateContext();
        var changed = await db.Entries.Where(e => e.Id == entryId && db.Banks.Any(b => b.Id == e.BankId))
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.Metadata, metadata), cancellationToken);
        if (changed == 0)
        {
            throw new BankStoreException(BankStoreError.NotFound, $"There is no bank entry with id {entryId}.");
        }
    }

    private static void CheckMetadata(string? metadata)
    {
        if (metadata is null)
        {
            return;
        }

        if (metadata.Length > MaxEntryMetadataLength)
        {
            throw new BankStoreException(
                BankStoreError.Invalid, $"An entry's metadata is at most {MaxEntryMetadataLength} characters of JSON; got {metadata.Length}.");
        }

        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(metadata);
            if (document.RootElement.ValueKind != System.Text.Json.JsonValueKind.Object)
            {
                throw new BankStoreException(BankStoreError.Invalid, "An entry's metadata is a JSON object.");
            }
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new BankStoreException(BankStoreError.Invalid, "An entry's metadata is a JSON object.", e);
        }
    }

    /// <summary>
    /// Where each of the given entries came from (its list, or its exchange with the exchange's entry id, member and
    /// category), by id: one indexed query, for the matches of an answer. Ids not found are left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<long, EntrySource>> ReadSourcesAsync(IReadOnlyCollection<long> entryIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entryIds);
        if (entryIds.Count == 0)
        {
            return new Dictionary<long, EntrySource>();
        }

        var ids = entryIds.Distinct().ToList();
        await using var db = CreateContext();
        var rows = await db.Entries.AsNoTracking().Where(e => ids.Contains(e.Id)).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Id, r => r.Source());
    }

    /// <summary>
    /// A bank's entries recorded as coming from <paramref name="list"/>, in id order. Filtered in the database (no index
    /// on the list name: it is for occasional curation, and an index would slow every import).
    /// </summary>
    /// <exception cref="BankStoreException">No such bank.</exception>
    public async Task<IReadOnlyList<BankEntry>> ReadEntriesFromListAsync(string bank, string list, CancellationToken cancellationToken = default)
    {
        await using var db = CreateContext();
        var bankRow = await FindBankAsync(db, bank, cancellationToken);
        var rows = await db.Entries.AsNoTracking()
            .Where(e => e.BankId == bankRow.Id && e.List == list)
            .OrderBy(e => e.Id)
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => r.ToEntry(bankRow.Name))];
    }

    /// <summary>The live banks' names by id.</summary>
    private async Task<Dictionary<int, string>> ReadBankNamesAsync(CancellationToken cancellationToken)
    {
        await using var db = CreateContext();
        return await db.Banks.AsNoTracking().ToDictionaryAsync(b => b.Id, b => b.Name, cancellationToken);
    }

    /// <summary>Every bank's name by id, deleted banks' included, and the ids of those deleted.</summary>
    private async Task<(Dictionary<int, string> Names, HashSet<int> Deleted)> ReadAllBankNamesAsync(CancellationToken cancellationToken)
    {
        await using var db = CreateContext();
        var rows = await db.Banks.IgnoreQueryFilters().AsNoTracking()
            .Select(b => new { b.Id, b.Name, Deleted = b.DeletedAt != null })
            .ToListAsync(cancellationToken);
        return (rows.ToDictionary(b => b.Id, b => b.Name), rows.Where(b => b.Deleted).Select(b => b.Id).ToHashSet());
    }

    /// <summary>The ids of the deleted banks (usually none): their entries are left out of every stream of entries.</summary>
    private async Task<List<int>> ReadDeletedBankIdsAsync(CancellationToken cancellationToken)
    {
        await using var db = CreateContext();
        return await db.Banks.IgnoreQueryFilters().Where(b => b.DeletedAt != null).Select(b => b.Id).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Enables or disables an entry inside the caller's transaction, and appends its change, only when its state changes;
    /// a disabled entry is also marked quarantined at <paramref name="quarantinedAt"/> when one is given.
    /// </summary>
    /// <returns>Whether it changed.</returns>
    internal static async Task<bool> SetEnabledAsync(
        AegisDbContext db, long entryId, bool enabled, DateTimeOffset now, DateTimeOffset? quarantinedAt, CancellationToken cancellationToken)
    {
        var rows = db.Entries.Where(e => e.Id == entryId && e.Enabled != enabled);
        var changed = quarantinedAt is { } at
            ? await rows.ExecuteUpdateAsync(s => s.SetProperty(e => e.Enabled, enabled).SetProperty(e => e.QuarantinedAt, at), cancellationToken)
            : await rows.ExecuteUpdateAsync(s => s.SetProperty(e => e.Enabled, enabled), cancellationToken);
        if (changed == 0)
        {
            return false;
        }

        var bankId = await db.Entries.AsNoTracking().Where(e => e.Id == entryId).Select(e => e.BankId).SingleAsync(cancellationToken);
        await ChangeFeed.AppendAsync(db, bankId, entryId, enabled ? BankChangeKind.EntryEnabled : BankChangeKind.EntryDisabled, now, cancellationToken);
        return true;
    }

    /// <summary>
    /// Inserts an entry and its <see cref="BankChangeKind.EntryAdded"/> change inside the caller's transaction; false (and
    /// nothing written) when the bank already holds the hash.
    /// </summary>
    internal static async Task<bool> InsertEntryAsync(AegisDbContext db, BankEntryRow row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await FindEntryAsync(db, row.BankId, row.Type, row.Value, cancellationToken) is not null)
        {
            return false;
        }

        db.Entries.Add(row);
        await db.SaveChangesAsync(cancellationToken);
        await ChangeFeed.AppendAsync(db, row.BankId, row.Id, BankChangeKind.EntryAdded, now, cancellationToken);
        return true;
    }

    private static Task<BankEntryRow?> FindEntryAsync(
        AegisDbContext db, int bankId, SignalType type, string value, CancellationToken cancellationToken) =>
        db.Entries.AsNoTracking().SingleOrDefaultAsync(e => e.BankId == bankId && e.Type == type && e.Value == value, cancellationToken);
}
