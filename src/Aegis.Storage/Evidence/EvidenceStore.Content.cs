using System.Data;
using System.Data.Common;
using Aegis.Core.Events;
using Aegis.Core.Evidence;
using Aegis.Storage.Model;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Aegis.Storage;

/// <summary>How a preservation ended.</summary>
public enum PreserveOutcome
{
    /// <summary>The bytes were stored now.</summary>
    Preserved,

    /// <summary>The item was preserved already (by the gate, a fetch or an upload); nothing was changed.</summary>
    AlreadyPreserved,
}

public sealed partial class EvidenceStore
{
    /// <summary>Bytes written to or read from a blob at a time (SQLite's incremental blob I/O).</summary>
    private const int BlobChunk = 1024 * 1024;

    /// <summary>
    /// Stores a sealed item: its ciphertext (as long as the bytes) and envelope, with its retention from now, and the
    /// <c>evidence.preserved</c> event, under the row's lock. An item preserved already is left as it was (the caller
    /// compares its metadata to tell the same bytes from others).
    /// </summary>
    /// <param name="evidenceId">The item's row.</param>
    /// <param name="envelope">The sealed envelope.</param>
    /// <param name="ciphertext">The encrypted bytes.</param>
    /// <param name="mediaType">The bytes' media type.</param>
    /// <param name="source"><c>gate</c>, <c>fetch</c> or <c>upload</c>.</param>
    /// <param name="actor">Who preserved it, for the audit log.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="BankStoreException">No such item.</exception>
    public async Task<(PreserveOutcome Outcome, EvidenceItem Item)> PreserveAsync(
        long evidenceId, EvidenceEnvelope envelope, ReadOnlyMemory<byte> ciphertext, string mediaType, string source, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        var temp = _folder is null ? null : await WriteTempAsync(evidenceId, ciphertext, cancellationToken);
        try
        {
            // No retry: the row's lock orders two preservations of one item (the second finds it preserved), and a
            // folder's file is renamed into place under that lock, so a retried attempt could not trust it.
            var now = store.Time.GetUtcNow();
            await using var db = store.CreateContext();
            await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
            var row = await LockAsync(db, evidenceId, cancellationToken) ?? throw new BankStoreException(BankStoreError.NotFound, $"There is no evidence {evidenceId}.");
            var contentId = await db.Contents.Where(c => c.Id == row.ContentRowId).Select(c => c.ContentId).SingleAsync(cancellationToken);
            if (row.State == EvidenceState.Preserved)
            {
                return (PreserveOutcome.AlreadyPreserved, ToItem(row, contentId));
            }

            if (temp is null)
            {
                await WriteContentAsync(db, evidenceId, ciphertext, cancellationToken);
            }
            else
            {
                File.Move(temp, FilePath(evidenceId), overwrite: true);
                temp = null;
            }

            var retainUntil = EvidenceRetention.RetainUntil(now, retentionDays);
            row.State = EvidenceState.Preserved;
            (row.KeyId, row.WrappedKey, row.ContentNonce, row.ContentTag, row.Metadata) = (envelope.KeyId, envelope.WrappedKey, envelope.ContentNonce, envelope.ContentTag, envelope.Metadata);
            (row.InFolder, row.Size, row.MediaType) = (_folder is not null, ciphertext.Length, mediaType);
            (row.PreservedAt, row.RetainUntil, row.DueAt, row.LastError) = (now.ToUnixTimeMilliseconds(), retainUntil.ToUnixTimeMilliseconds(), null, null);
            EventWriter.Add(db, new EvidencePreserved(actor, evidenceId, row.CaseId, contentId, mediaType, ciphertext.Length, retainUntil, source), now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return (PreserveOutcome.Preserved, ToItem(row, contentId));
        }
        finally
        {
            if (temp is not null)
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// Reads a preserved item's ciphertext into <paramref name="destination"/> (its <see cref="EvidenceItem.Size"/> bytes)
    /// and returns how many bytes are stored: a different count (or -1 for none at all) means the storage was altered.
    /// </summary>
    public async Task<long> ReadCiphertextAsync(long evidenceId, Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var inFolder = await db.Evidence.Where(e => e.Id == evidenceId).Select(e => e.InFolder).SingleOrDefaultAsync(cancellationToken);
        if (inFolder)
        {
            if (_folder is null)
            {
                throw new InvalidOperationException($"Evidence {evidenceId} is kept in a folder, and no Evidence:Folder is set.");
            }

            var path = FilePath(evidenceId);
            if (!File.Exists(path))
            {
                return -1;
            }

            await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous);
            if (file.Length != destination.Length)
            {
                return file.Length;
            }

            await file.ReadExactlyAsync(destination, cancellationToken);
            return file.Length;
        }

        await using var connection = await store.OpenConnectionAsync(cancellationToken);
        if (connection is SqliteConnection sqlite)
        {
            await using var length = Command(connection, null, "SELECT length(bytes) FROM evidence_content WHERE evidence_id = @id", ("@id", evidenceId));
            if (await length.ExecuteScalarAsync(cancellationToken) is not long stored)
            {
                return -1;
            }

            if (stored != destination.Length)
            {
                return stored;
            }

            using var blob = new SqliteBlob(sqlite, "evidence_content", "bytes", evidenceId, readOnly: true);
            for (var at = 0; at < destination.Length; at += BlobChunk)
            {
                blob.ReadExactly(destination.Span.Slice(at, Math.Min(BlobChunk, destination.Length - at)));
            }

            return stored;
        }

        await using var query = Command(connection, null, "SELECT bytes FROM evidence_content WHERE evidence_id = @id", ("@id", evidenceId));
        await using var reader = await query.ExecuteReaderAsync(CommandBehavior.SequentialAccess, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return -1;
        }

        await using var stream = reader.GetStream(0);
        if (stream.Length != destination.Length)
        {
            return stream.Length;
        }

        await stream.ReadExactlyAsync(destination, cancellationToken);
        return stream.Length;
    }

    /// <summary>The file of an item kept in the folder.</summary>
    internal string FilePath(long evidenceId) => Path.Combine(_folder!, evidenceId.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private static async Task<EvidenceRow?> LockAsync(AegisDbContext db, long evidenceId, CancellationToken cancellationToken) =>
        db is PostgresAegisDbContext
            ? (await db.Evidence.FromSqlInterpolated($"SELECT * FROM evidence WHERE id = {evidenceId} FOR UPDATE").ToListAsync(cancellationToken)).SingleOrDefault()
            : await db.Evidence.SingleOrDefaultAsync(e => e.Id == evidenceId, cancellationToken);

    /// <summary>The ciphertext under a temporary name in the folder, readable by this user only, flushed to disk.</summary>
    private async Task<string> WriteTempAsync(long evidenceId, ReadOnlyMemory<byte> ciphertext, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_folder!);
        var temp = Path.Combine(_folder!, $"{evidenceId}.{Guid.NewGuid():N}.tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            await using var file = new FileStream(temp, options);
            await file.WriteAsync(ciphertext, cancellationToken);
            file.Flush(flushToDisk: true);
            return temp;
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    /// <summary>The ciphertext into <c>evidence_content</c>, streamed: SQLite's incremental blob I/O, Npgsql's bytea from memory.</summary>
    private static async Task WriteContentAsync(AegisDbContext db, long evidenceId, ReadOnlyMemory<byte> ciphertext, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        await using (var delete = Command(connection, transaction, "DELETE FROM evidence_content WHERE evidence_id = @id", ("@id", evidenceId)))
        {
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        if (connection is SqliteConnection sqlite)
        {
            await using (var insert = Command(connection, transaction, "INSERT INTO evidence_content (evidence_id, bytes) VALUES (@id, zeroblob(@length))", ("@id", evidenceId), ("@length", (long)ciphertext.Length)))
            {
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            using var blob = new SqliteBlob(sqlite, "evidence_content", "bytes", evidenceId);
            for (var at = 0; at < ciphertext.Length; at += BlobChunk)
            {
                blob.Write(ciphertext.Span.Slice(at, Math.Min(BlobChunk, ciphertext.Length - at)));
            }

            return;
        }

        await using var write = Command(connection, transaction, "INSERT INTO evidence_content (evidence_id, bytes) VALUES (@id, @bytes)", ("@id", evidenceId));
        write.Parameters.Add(new NpgsqlParameter("bytes", NpgsqlDbType.Bytea) { Value = ciphertext });
        await write.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            (parameter.ParameterName, parameter.Value) = (name, value);
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
