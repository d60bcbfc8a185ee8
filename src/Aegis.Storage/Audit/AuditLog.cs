using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

/// <summary>
/// The append-only, hash-chained audit log of every signal, decision, action and view of evidence (table
/// <c>audit_log</c>). Each entry carries the SHA-256 of the entry before it, so <see cref="VerifyAsync(CancellationToken)"/>
/// finds any edited, deleted or reordered entry. Thread-safe and multi-node safe like <see cref="BankStore"/>.
/// </summary>
/// <remarks>
/// <para>
/// <b>The hash of an entry</b> (<see cref="ComputeHash(AuditEntry)"/>) is SHA-256, written as 64 lowercase hex digits, over the
/// concatenation of these eight fields, in this order, each written as its length in bytes (4 bytes, unsigned,
/// big-endian) followed by its UTF-8 bytes:
/// </para>
/// <list type="number">
/// <item><description>the format tag <c>aegis-audit-v1</c>;</description></item>
/// <item><description><c>sequence</c> in decimal, no sign, no leading zeros (<c>42</c>);</description></item>
/// <item><description><c>at</c> in UTC as <c>yyyy-MM-ddTHH:mm:ss.fffffff+00:00</c>, always 7 fractional digits (.NET's
/// round-trip <c>"O"</c> format of a UTC <see cref="DateTimeOffset"/>, e.g. <c>2026-11-25T10:00:00.1234560+00:00</c>;
/// appended times are whole microseconds, so the 7th digit is 0);</description></item>
/// <item><description><c>actor</c>, <c>action</c>, <c>subject</c> and <c>data</c>, exactly as stored;</description></item>
/// <item><description><c>previous_hash</c>, as stored (64 lowercase hex digits; 64 zeros for the first entry).</description></item>
/// </list>
/// <para>
/// In Python: <c>f = lambda s: len(s.encode()).to_bytes(4, "big") + s.encode()</c>, then
/// <c>hashlib.sha256(b"".join(map(f, ["aegis-audit-v1", str(seq), at, actor, action, subject, data, prev]))).hexdigest()</c>.
/// </para>
/// <para>
/// <b>Appends never wait; sealing is serialized.</b> A change writes its entries unsealed, in its own transaction,
/// with no lock of the log's (so case writes on many nodes never queue behind one another). The sealer
/// (<see cref="SealAsync"/>: a background worker on every node, and every read of the log) then takes the log's lock
/// (a transaction-scoped advisory lock on PostgreSQL, the writer lock on SQLite), reads the last sealed entry and
/// chains the committed unsealed entries after it in the order of their row ids, each with <c>sequence</c> = the last
/// one's + 1 and its hash. Two sealers that ever read the same last entry would write the same sequence, and its
/// unique index refuses the second: the chain cannot fork. An entry committed after a sealer read the unsealed ones is
/// chained by the next seal. Until sealed (normally well under a second) an entry is not yet tamper-evident; it is
/// not shown by <see cref="ReadAsync"/>, which seals first.
/// </para>
/// <para>
/// <b>The limit</b>: deleting the newest entries leaves a valid, shorter chain. Keep the last hash that
/// <see cref="VerifyAsync(CancellationToken)"/> reports somewhere else (an anchor) and check it later with
/// <see cref="VerifyAsync(string, CancellationToken)"/>.
/// </para>
/// </remarks>
public sealed class AuditLog(BankStore store)
{
    /// <summary>The <c>previous_hash</c> of the first entry: 64 zeros.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The first field of every hashed serialization (names the format, so it can change one day).</summary>
    public const string FormatTag = "aegis-audit-v1";

    public const int MaxActorLength = 256;

    public const int MaxActionLength = 64;

    public const int MaxSubjectLength = 320;

    /// <summary>The audit log's advisory lock key (fixed; not the change feed's <see cref="ChangeFeed.LockKey"/>).</summary>
    internal const long LockKey = 0x4165_6769_7341_7564;

    private const int PageSize = 10_000;

    /// <summary>Entries sealed in one transaction (the lock is held for one batch, then let go).</summary>
    private const int SealBatch = 2_000;

    private static readonly string PostgresLockSql = $"SELECT pg_advisory_xact_lock({LockKey})";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Appends an entry and seals it (chained before this returns).</summary>
    /// <param name="actor">Who: an API key name, a reviewer, or <c>system</c> (1 to 256 characters).</param>
    /// <param name="action">What happened, e.g. <c>report.received</c>, <c>case.decided</c> (1 to 64 characters).</param>
    /// <param name="subject">What it concerns, e.g. <c>content:post-1</c>, <c>case:12</c> (1 to 320 characters).</param>
    /// <param name="data">Details as a JSON object, stored as given; <c>{}</c> when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="BankStoreException">A field is empty, too long or holds control characters, or
    /// <paramref name="data"/> is not a JSON object (<see cref="BankStoreError.Invalid"/>).</exception>
    public async Task<AuditEntry> AppendAsync(
        string actor, string action, string subject, string? data = null, CancellationToken cancellationToken = default)
    {
        var row = Unsealed(store.Time.GetUtcNow(), actor, action, subject, data);
        await using (var db = store.CreateContext())
        {
            db.AuditLog.Add(row);
            await db.SaveChangesAsync(cancellationToken);
        }

        await SealAsync(cancellationToken);
        await using var read = store.CreateContext();
        return (await read.AuditLog.AsNoTracking().SingleAsync(a => a.Id == row.Id, cancellationToken)).ToEntry();
    }

    /// <summary>
    /// An unsealed entry, to add in the caller's transaction (see <see cref="EventWriter"/>); <see cref="SealAsync"/>
    /// chains it once committed.
    /// </summary>
    /// <exception cref="BankStoreException">Invalid input (see <see cref="AppendAsync(string, string, string, string?, CancellationToken)"/>).</exception>
    internal static AuditRow Unsealed(DateTimeOffset at, string actor, string action, string subject, string? data)
    {
        var json = Validate(actor, action, subject, data);
        return new AuditRow { At = ToStoredTime(at), Actor = actor, Action = action, Subject = subject, Data = json };
    }

    /// <summary>
    /// Chains every committed unsealed entry after the last sealed one, a batch at a time under the log's lock, and
    /// returns how many it sealed. Safe from any number of nodes at once.
    /// </summary>
    public async Task<int> SealAsync(CancellationToken cancellationToken = default)
    {
        var sealedCount = 0;
        while (true)
        {
            await using var db = store.CreateContext();
            await using var transaction = await BankStore.BeginWriteAsync(db, cancellationToken);
            if (db is PostgresAegisDbContext)
            {
                await db.Database.ExecuteSqlRawAsync(PostgresLockSql, cancellationToken);
            }

            var pending = await db.AuditLog.Where(a => a.Sequence == null).OrderBy(a => a.Id).Take(SealBatch).ToListAsync(cancellationToken);
            if (pending.Count == 0)
            {
                return sealedCount;
            }

            var last = await db.AuditLog.AsNoTracking().Where(a => a.Sequence != null)
                .OrderByDescending(a => a.Sequence).Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync(cancellationToken);
            var sequence = last?.Sequence ?? 0;
            var previous = last?.Hash ?? Genesis;
            foreach (var row in pending)
            {
                row.Sequence = ++sequence;
                row.PreviousHash = previous;
                row.Hash = previous = ComputeHash(sequence, row.At, row.Actor, row.Action, row.Subject, row.Data, previous);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            sealedCount += pending.Count;
            if (pending.Count < SealBatch)
            {
                return sealedCount;
            }
        }
    }

    /// <summary>Entries written but not yet sealed.</summary>
    public async Task<int> UnsealedAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return await db.AuditLog.CountAsync(a => a.Sequence == null, cancellationToken);
    }

    /// <summary>
    /// How many entries <paramref name="actor"/> caused with <paramref name="action"/> at or after <paramref name="since"/>
    /// (sealed or not). Read newest first on the (actor, action, id) index, until the first entry before
    /// <paramref name="since"/>: as many rows as are counted, plus one, whatever the log's length. (SQLite cannot compare
    /// the stored times in SQL; entries are written in time order, give or take the clocks of a cluster's nodes.)
    /// </summary>
    public async Task<int> CountAsync(string actor, string action, DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var count = 0;
        var newestFirst = db.AuditLog.AsNoTracking().Where(a => a.Actor == actor && a.Action == action).OrderByDescending(a => a.Id).Select(a => a.At);
        await foreach (var at in newestFirst.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (at < since)
            {
                break;
            }

            count++;
        }

        return count;
    }

    /// <summary>
    /// Seals what is committed, then streams the entries after <paramref name="afterSequence"/> in sequence order, a page
    /// of 10,000 at a time (keyset paging: memory stays flat and no transaction stays open however long the log).
    /// </summary>
    /// <param name="afterSequence">The last sequence already read (0 for all).</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    public async IAsyncEnumerable<AuditEntry> ReadAsync(
        long afterSequence = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await SealAsync(cancellationToken);
        var after = afterSequence;
        while (true)
        {
            await using var db = store.CreateContext();
            var page = db.AuditLog.AsNoTracking().Where(a => a.Sequence != null && a.Sequence > after).OrderBy(a => a.Sequence).Take(PageSize);
            var count = 0;
            await foreach (var row in page.AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                count++;
                after = row.Sequence!.Value;
                yield return row.ToEntry();
            }

            if (count < PageSize)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Checks the whole log, streaming (memory stays flat for any length): every entry's hash must recompute from its
    /// contents, and every entry's <c>previous_hash</c> must be the hash of the entry before it in sequence order (64
    /// zeros for the first). Gaps in sequence numbers are not errors. Stops at the first problem.
    /// </summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    public Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken = default) =>
        VerifyAsync(null, cancellationToken);

    /// <summary>
    /// As <see cref="VerifyAsync(CancellationToken)"/>, and also requires an entry whose hash is
    /// <paramref name="anchorHash"/>: a last hash reported by an earlier verification and kept outside the database.
    /// It proves that no entry up to the anchored one was deleted since (which the chain alone cannot show for the
    /// newest entries).
    /// </summary>
    /// <param name="anchorHash">64 hex digits, or null for no anchor.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <exception cref="BankStoreException">The anchor is not 64 hex digits.</exception>
    public async Task<AuditVerification> VerifyAsync(string? anchorHash, CancellationToken cancellationToken = default)
    {
        var anchor = anchorHash?.Trim().ToLowerInvariant();
        if (anchor is not null && (anchor.Length != 64 || !anchor.All(char.IsAsciiHexDigitLower)))
        {
            throw new BankStoreException(BankStoreError.Invalid, $"An anchor is a hash of 64 hex digits; got '{anchorHash}'.");
        }

        var expected = Genesis;
        long? previousSequence = null;
        var verified = 0L;
        var anchorFound = false;
        await foreach (var entry in ReadAsync(0, cancellationToken))
        {
            var edited = !string.Equals(ComputeHash(entry), entry.Hash, StringComparison.Ordinal);
            var unlinked = !string.Equals(entry.PreviousHash, expected, StringComparison.Ordinal);
            if (edited || unlinked)
            {
                return new AuditVerification(false, verified, null, entry.Sequence, Describe(entry, edited, unlinked, expected, previousSequence));
            }

            verified++;
            expected = entry.Hash;
            previousSequence = entry.Sequence;
            anchorFound |= string.Equals(entry.Hash, anchor, StringComparison.Ordinal);
        }

        var last = verified == 0 ? null : expected;
        if (anchor is not null && !anchorFound)
        {
            return new AuditVerification(false, verified, last, null,
                $"no entry has the anchor hash {anchor}: the entries up to the anchored one were deleted or replaced " +
                "(or the anchor comes from another log)");
        }

        return new AuditVerification(true, verified, last, null, null);
    }

    /// <summary>The hash an entry must have (its stored <see cref="AuditEntry.Hash"/> is not read).</summary>
    public static string ComputeHash(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return ComputeHash(entry.Sequence, entry.At, entry.Actor, entry.Action, entry.Subject, entry.Data, entry.PreviousHash);
    }

    /// <summary>
    /// SHA-256 of the fields, as 64 lowercase hex digits: the tag <see cref="FormatTag"/>, then the sequence (decimal),
    /// the time (UTC, <c>yyyy-MM-ddTHH:mm:ss.fffffff+00:00</c>), actor, action, subject, data and previous hash, each
    /// as a 4-byte big-endian byte count followed by its UTF-8 bytes (see the remarks on <see cref="AuditLog"/>).
    /// </summary>
    /// <exception cref="ArgumentException">A field is not valid UTF-16 (a lone surrogate).</exception>
    public static string ComputeHash(
        long sequence, DateTimeOffset at, string actor, string action, string subject, string data, string previousHash)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[4];
        string[] fields =
        [
            FormatTag,
            sequence.ToString(CultureInfo.InvariantCulture),
            FormatTime(at),
            actor,
            action,
            subject,
            data,
            previousHash,
        ];
        foreach (var field in fields)
        {
            byte[] bytes;
            try
            {
                bytes = StrictUtf8.GetBytes(field);
            }
            catch (EncoderFallbackException e)
            {
                throw new ArgumentException("An audit field is not valid Unicode text (a lone surrogate).", e);
            }

            BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
            sha.AppendData(length);
            sha.AppendData(bytes);
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The time as it is hashed: UTC, <c>yyyy-MM-ddTHH:mm:ss.fffffff+00:00</c>.</summary>
    public static string FormatTime(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>
    /// The time as both providers keep it: UTC, whole microseconds (PostgreSQL's <c>timestamptz</c> keeps microseconds;
    /// SQLite keeps the text EF writes, all 7 digits), so the hash computed at append is the one recomputed on read.
    /// </summary>
    internal static DateTimeOffset ToStoredTime(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMicrosecond), TimeSpan.Zero);
    }

    private static string Describe(AuditEntry entry, bool edited, bool unlinked, string expected, long? previousSequence)
    {
        var s = entry.Sequence;
        if (edited && unlinked)
        {
            return $"entry {s} was edited, moved or replaced: its hash does not match its contents, and its previous_hash " +
                $"{entry.PreviousHash} is not the hash of the entry before it";
        }

        if (edited)
        {
            return $"entry {s} was edited: its hash does not match its contents";
        }

        return previousSequence is { } before
            ? $"the entry before {s} is missing or was changed: previous_hash is {entry.PreviousHash}, but the entry before it " +
                $"({before}) has hash {expected}"
            : $"the entries before {s} are missing: it is the first entry, but its previous_hash is {entry.PreviousHash}, not 64 zeros";
    }

    /// <summary>Checks an entry's fields; returns the data to store (<c>{}</c> for none).</summary>
    private static string Validate(string actor, string action, string subject, string? data)
    {
        CheckText("actor", actor, MaxActorLength);
        CheckText("action", action, MaxActionLength);
        CheckText("subject", subject, MaxSubjectLength);
        if (data is null)
        {
            return "{}";
        }

        if (!IsWellFormed(data))
        {
            throw new BankStoreException(BankStoreError.Invalid, "An audit entry's data is not valid Unicode text (a lone surrogate).");
        }

        JsonValueKind kind;
        try
        {
            using var document = JsonDocument.Parse(data);
            kind = document.RootElement.ValueKind;
        }
        catch (JsonException e)
        {
            throw new BankStoreException(BankStoreError.Invalid, $"An audit entry's data must be a JSON object; it is not valid JSON: {e.Message}", e);
        }

        return kind == JsonValueKind.Object
            ? data
            : throw new BankStoreException(
                BankStoreError.Invalid, $"An audit entry's data must be a JSON object (e.g. {{\"case_id\": 12}}); got a JSON {kind.ToString().ToLowerInvariant()}.");
    }

    private static void CheckText(string name, string value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new BankStoreException(BankStoreError.Invalid, $"An audit entry's {name} is required (1 to {max} characters).");
        }

        if (value.Length > max)
        {
            throw new BankStoreException(BankStoreError.Invalid, $"An audit entry's {name} is at most {max} characters; got {value.Length}.");
        }

        if (value.Any(char.IsControl) || !IsWellFormed(value))
        {
            throw new BankStoreException(
                BankStoreError.Invalid, $"An audit entry's {name} must be plain text: no control characters (tabs, line breaks) or lone surrogates.");
        }
    }

    private static bool IsWellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }
}
