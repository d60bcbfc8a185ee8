using Aegis.Core.Input;
using Aegis.Matching.Formats;
using Aegis.Storage.Import;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Aegis.Storage;

public sealed partial class BankStore
{
    /// <summary>
    /// Imports hash-list records into a bank, fast (millions of records a minute; no change tracking), in batches that
    /// each commit on their own with their <see cref="BankChangeKind.EntryAdded"/> changes. A hash already in the bank, or
    /// earlier in <paramref name="records"/>, is merged: counted, not stored again (the first one's metadata stays).
    /// An import that fails or is cancelled keeps the batches already committed; running it again adds the rest.
    /// </summary>
    /// <param name="bank">The bank's name.</param>
    /// <param name="records">The records, enumerated once, lazily (a file reader's output is fine).</param>
    /// <param name="addedBy">Who imports, for records that do not say who added them.</param>
    /// <param name="progress">Told about every 100,000 records and at the end.</param>
    /// <param name="cancellationToken">Cancels between batches.</param>
    /// <exception cref="BankStoreException">No such bank, or a record's value is not a hash of its type, or an id or
    /// label of it is not valid (<see cref="EntryFields"/>; callers turn those into bad lines first).</exception>
    public async Task<ImportResult> ImportAsync(
        string bank,
        IEnumerable<HashListRecord> records,
        string? addedBy,
        IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (Identifier.ValidateOptional("added_by", addedBy) is { } invalid)
        {
            throw new BankStoreException(BankStoreError.Invalid, invalid);
        }

        await using var db = CreateContext();
        var bankRow = await FindBankAsync(db, bank, cancellationToken);
        var counter = new ImportCounter(_time, progress);
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = db.Database.GetDbConnection();
            if (connection is NpgsqlConnection postgres)
            {
                await PostgresImport.RunAsync(postgres, bankRow.Id, records, addedBy, _time, counter, cancellationToken);
            }
            else
            {
                // Microsoft.Data.Sqlite is synchronous underneath: keep the caller's thread free.
                var sqlite = (SqliteConnection)connection;
                await Task.Run(
                    () => SqliteImport.Run(sqlite, bankRow.Id, records, addedBy, _time, counter, cancellationToken),
                    cancellationToken);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }

        return counter.Finish();
    }

    /// <summary>
    /// Audits a finished import (<c>bank.imported</c>: records read, added, merged, and the bad lines the caller skipped)
    /// by <paramref name="actor"/>. Written after the import, whose batches commit on their own.
    /// </summary>
    public async Task RecordImportAsync(string bank, string format, ImportResult result, long badLines, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        await using var db = CreateContext();
        EventWriter.Add(db, new Core.Events.BankImported(actor, bank, format, result.Read, result.Added, result.Merged, badLines), _time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
    }
}
