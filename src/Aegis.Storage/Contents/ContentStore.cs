using System.Data.Common;
using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Aegis.Core.Content;
using Aegis.Core.Input;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

/// <summary>
/// The content index (every item the gate saw, with its hashes, uploader and parent) and the retroactive match events.
/// Thread-safe and multi-node safe like <see cref="BankStore"/>: uniqueness is the database's.
/// </summary>
public sealed class ContentStore(BankStore store)
{
    /// <summary>The most characters of an uploader's IP address (an IPv6 address with a zone fits).</summary>
    public const int MaxIpLength = 64;

    private const int PageSize = 10_000;

    /// <summary>Match events written in one transaction (retroactive matching of a list finds thousands at once).</summary>
    private const int EventBatch = 500;

    /// <summary>One row of <c>contents</c>, as EF would write it (enums as names, times in UTC), in SQL both providers take.</summary>
    private const string InsertSql = """
        INSERT INTO contents (content_id, kind, uploader_id, uploader_ip, uploaded_at, parent_content_id, pdq, pdq_quality, md5,
                              sha256, vpdq, verdict, recorded_at, bank_sequence, status, views, shares, demonetized)
        VALUES (@content_id, @kind, @uploader_id, @uploader_ip, @uploaded_at, @parent_content_id, @pdq, @pdq_quality, @md5,
                @sha256, @vpdq, @verdict, @recorded_at, @bank_sequence, @status, @views, @shares, @demonetized)
        RETURNING id
        """;

    /// <summary>What the in-memory content index reads of a row.</summary>
    private static readonly Expression<Func<ContentRow, IndexedContent>> Indexed =
        c => new IndexedContent(c.Id, c.Pdq, c.Md5, c.Sha256, c.Vpdq, c.Verdict, c.BankSequence);

    /// <summary>
    /// Records an item (committed before this returns). The same content id sent again with the same hashes returns the
    /// record already there.
    /// </summary>
    /// <exception cref="BankStoreException">An id is empty or too long, or the content id was recorded with other
    /// hashes (<see cref="BankStoreError.Conflict"/>).</exception>
    /// <param name="record">The item.</param>
    /// <param name="bankSequence">The last bank change the deciding matcher had applied (see <see cref="IndexedContent"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<RecordedContent> RecordAsync(ContentRecord record, long bankSequence = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        Validate(record);
        var row = ContentRow.From(record, bankSequence, store.Time.GetUtcNow());
        try
        {
            // Every upload comes here: one parameterized INSERT on a pooled connection, not a context and SaveChanges (a
            // context costs several times the insert itself; measured in bench/RESULTS.md, issue 12).
            await using var connection = await store.OpenConnectionAsync(cancellationToken);
            await using var insert = connection.CreateCommand();
            insert.CommandText = InsertSql;
            Add(insert, "@content_id", row.ContentId);
            Add(insert, "@kind", row.Kind.ToString());
            Add(insert, "@uploader_id", row.UploaderId);
            Add(insert, "@uploader_ip", row.UploaderIp);
            Add(insert, "@uploaded_at", row.UploadedAt?.ToUniversalTime());
            Add(insert, "@parent_content_id", row.ParentContentId);
            Add(insert, "@pdq", row.Pdq);
            Add(insert, "@pdq_quality", row.PdqQuality);
            Add(insert, "@md5", row.Md5);
            Add(insert, "@sha256", row.Sha256);
            Add(insert, "@vpdq", row.Vpdq);
            Add(insert, "@verdict", row.Verdict.ToString());
            Add(insert, "@recorded_at", row.RecordedAt.ToUniversalTime());
            Add(insert, "@bank_sequence", row.BankSequence);
            Add(insert, "@status", row.Status.ToString());
            Add(insert, "@views", row.Views);
            Add(insert, "@shares", row.Shares);
            Add(insert, "@demonetized", row.Demonetized);
            var id = Convert.ToInt64(await insert.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            return new RecordedContent(id, row.ToRecord(), Created: true);
        }
        catch (DbException e) when (StoreErrors.IsUniqueViolation(e))
        {
            await using var again = store.CreateContext();
            var existing = await again.Contents.AsNoTracking().SingleAsync(c => c.ContentId == record.ContentId, cancellationToken);
            CheckSameHashes(existing, record, e);

            return new RecordedContent(existing.Id, existing.ToRecord(), Created: false);
        }
    }

    /// <summary>The item with this content id, or null.</summary>
    public async Task<ContentRecord?> GetAsync(string contentId, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var row = await db.Contents.AsNoTracking().SingleOrDefaultAsync(c => c.ContentId == contentId, cancellationToken);
        return row?.ToRecord();
    }

    /// <summary>The item with this content id, where it stands and its exposure, or null.</summary>
    public async Task<ContentDetails?> GetDetailsAsync(string contentId, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var row = await db.Contents.AsNoTracking().SingleOrDefaultAsync(c => c.ContentId == contentId, cancellationToken);
        return row is null ? null : new ContentDetails(row.ToRecord(), row.Status, row.Views, row.Shares, row.Demonetized);
    }

    /// <summary>The item with this content id and its row, or null.</summary>
    public async Task<RecordedContent?> FindAsync(string contentId, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var row = await db.Contents.AsNoTracking().SingleOrDefaultAsync(c => c.ContentId == contentId, cancellationToken);
        return row is null ? null : new RecordedContent(row.Id, row.ToRecord(), Created: false);
    }

    /// <summary>The content ids of these rows, by row (in one query); rows not found are left out.</summary>
    public async Task<IReadOnlyDictionary<long, string>> ContentIdsAsync(IReadOnlyCollection<long> rowIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rowIds);
        await using var db = store.CreateContext();
        return await db.Contents.AsNoTracking().Where(c => rowIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.ContentId, cancellationToken);
    }

    /// <summary>The items with these content ids and their rows, by content id (in one query); ids not recorded are left out.</summary>
    public async Task<IReadOnlyDictionary<string, RecordedContent>> FindManyAsync(IReadOnlyCollection<string> contentIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contentIds);
        await using var db = store.CreateContext();
        var rows = await db.Contents.AsNoTracking().Where(c => contentIds.Contains(c.ContentId)).ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.ContentId, r => new RecordedContent(r.Id, r.ToRecord(), Created: false), StringComparer.Ordinal);
    }

    /// <summary>
    /// Every item recorded after row <paramref name="afterRowId"/> and committed now, in row order, with its hashes. On
    /// PostgreSQL a row with a lower id may still commit later: follow the table with a <see cref="ContentFeed"/>.
    /// </summary>
    /// <param name="afterRowId">The last row already read.</param>
    /// <param name="partitions">When given, rows of other partitions come with their row id only (no hashes): a node follows
    /// every row id, to notice late commits, but reads the hashes of its own partitions only.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    public IAsyncEnumerable<IndexedContent> ReadIndexAsync(long afterRowId, ContentPartitions? partitions = null, CancellationToken cancellationToken = default) =>
        PagesAsync(
            afterRowId,
            (db, after) =>
            {
                var rows = db.Contents.AsNoTracking().Where(c => c.Id > after).OrderBy(c => c.Id).Take(PageSize);
                return partitions is null || partitions.All ? rows.Select(Indexed) : Only(rows, partitions);
            },
            cancellationToken);

    /// <summary>
    /// The items of one partition with rows in (<paramref name="afterRowId"/>, <paramref name="upToRowId"/>], in row order:
    /// what a node reads when it takes the partition on.
    /// </summary>
    /// <param name="partitionCount">How many partitions there are.</param>
    /// <param name="partition">The partition.</param>
    /// <param name="afterRowId">The last row not wanted.</param>
    /// <param name="upToRowId">The last row wanted.</param>
    /// <param name="videosOnly">Only the videos (what a snapshot of PDQ hashes does not hold).</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    public IAsyncEnumerable<IndexedContent> ReadPartitionAsync(
        int partitionCount, int partition, long afterRowId, long upToRowId, bool videosOnly = false, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(partitionCount, 1);
        return PagesAsync(
            afterRowId,
            (db, after) => db.Contents.AsNoTracking()
                .Where(c => c.Id > after && c.Id <= upToRowId && (partitionCount == 1 || c.Id % partitionCount == partition) && (!videosOnly || c.Vpdq != null))
                .OrderBy(c => c.Id).Take(PageSize).Select(Indexed),
            cancellationToken);
    }

    /// <summary>Reads page after page (each <see cref="PageSize"/> rows after the last row of the one before, in a context of its own) until a page is short.</summary>
    private async IAsyncEnumerable<IndexedContent> PagesAsync(
        long afterRowId, Func<AegisDbContext, long, IQueryable<IndexedContent>> page, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var after = afterRowId;
        while (true)
        {
            await using var db = store.CreateContext();
            var count = 0;
            await foreach (var item in page(db, after).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                count++;
                after = item.RowId;
                yield return item;
            }

            if (count < PageSize)
            {
                yield break;
            }
        }
    }

    /// <summary>The newest content row, or 0.</summary>
    public async Task<long> LatestRowAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        return await db.Contents.MaxAsync(c => (long?)c.Id, cancellationToken) ?? 0;
    }

    /// <summary>
    /// The rows holding any of these MD5 or SHA-256 digests (lowercase hex), by the database's digest indexes: exact
    /// copies and exact retroactive matches need no memory of their own. Limited to <paramref name="partitions"/> when given.
    /// </summary>
    public async Task<IReadOnlyList<(long RowId, string? Md5, string? Sha256)>> FindByDigestsAsync(
        IReadOnlyCollection<string> md5, IReadOnlyCollection<string> sha256, ContentPartitions? partitions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(md5);
        ArgumentNullException.ThrowIfNull(sha256);
        var found = new List<(long, string?, string?)>();
        foreach (var (values, isMd5) in new[] { (md5, true), (sha256, false) })
        {
            foreach (var chunk in values.Distinct(StringComparer.Ordinal).Chunk(1_000))
            {
                await using var db = store.CreateContext();
                var query = isMd5 ? db.Contents.AsNoTracking().Where(c => chunk.Contains(c.Md5!)) : db.Contents.AsNoTracking().Where(c => chunk.Contains(c.Sha256!));
                if (partitions is { All: false })
                {
                    var count = partitions.Count;
                    var mine = partitions.Mine.ToList();
                    query = query.Where(c => mine.Contains((int)(c.Id % count)));
                }

                var rows = await query.Select(c => new { c.Id, c.Md5, c.Sha256 }).ToListAsync(cancellationToken);
                found.AddRange(rows.Select(r => (r.Id, r.Md5, r.Sha256)));
            }
        }

        return [.. found.DistinctBy(f => f.Item1)];
    }

    /// <summary>The items with these row ids that are committed now (in no particular order).</summary>
    public async IAsyncEnumerable<IndexedContent> ReadIndexByIdsAsync(
        IReadOnlyCollection<long> rowIds, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rowIds);
        await using var db = store.CreateContext();
        var rows = db.Contents.AsNoTracking().Where(c => rowIds.Contains(c.Id))
            .Select(Indexed);
        await foreach (var item in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return item;
        }
    }

    /// <summary>
    /// Records retroactive matches; one already recorded (by any node) is skipped. Each new one is also a
    /// <c>content.matched</c> webhook event, written with it (see <see cref="OutboxStore"/>), so the platform hears of
    /// content that was allowed before its hash was banked without polling; not for an item removed already (the cascade
    /// that banked the hash removed it: the platform was told then). Returns how many were new.
    /// </summary>
    public async Task<int> AddMatchEventsAsync(IEnumerable<NewMatchEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var all = events.DistinctBy(e => (e.ContentRowId, e.EntryId)).ToList();
        var added = 0;
        foreach (var chunk in all.Chunk(EventBatch))
        {
            try
            {
                added += await AddMatchEventBatchAsync(chunk, cancellationToken);
            }
            catch (DbUpdateException e) when (StoreErrors.IsUniqueViolation(e))
            {
                // Another node recorded one of them meanwhile: one at a time, each skipped if it is there.
                foreach (var one in chunk)
                {
                    try
                    {
                        added += await AddMatchEventBatchAsync([one], cancellationToken);
                    }
                    catch (DbUpdateException again) when (StoreErrors.IsUniqueViolation(again))
                    {
                        // Recorded by another node first.
                    }
                }
            }
        }

        return added;
    }

    /// <summary>Records the events not yet there and their webhooks in one transaction (in sequence order: see <see cref="CommitOrder"/>).</summary>
    private async Task<int> AddMatchEventBatchAsync(IReadOnlyList<NewMatchEvent> events, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        await using var transaction = await CommitOrder.BeginMatchEventAsync(db, cancellationToken);
        var rows = events.Select(e => e.ContentRowId).Distinct().ToList();
        var existing = (await db.MatchEvents.Where(m => rows.Contains(m.ContentRowId)).Select(m => new { m.ContentRowId, m.EntryId }).ToListAsync(cancellationToken))
            .Select(m => (m.ContentRowId, m.EntryId)).ToHashSet();
        var fresh = events.Where(e => !existing.Contains((e.ContentRowId, e.EntryId))).ToList();
        if (fresh.Count == 0)
        {
            return 0;
        }

        var now = store.Time.GetUtcNow();
        // The status as of this transaction: a match for an item already removed is recorded but not told (see ContentMatched).
        var contents = await db.Contents.Where(c => rows.Contains(c.Id)).Select(c => new { c.Id, c.ContentId, c.Status }).ToDictionaryAsync(c => c.Id, cancellationToken);
        foreach (var e in fresh)
        {
            db.MatchEvents.Add(new MatchEventRow
            {
                ContentRowId = e.ContentRowId,
                EntryId = e.EntryId,
                Bank = e.Bank,
                Type = e.Type,
                Distance = e.Distance,
                Action = e.Action,
                DetectedAt = now,
            });
            var content = contents[e.ContentRowId];
            EventWriter.Add(db, new Core.Events.ContentMatched(content.ContentId, e.Bank, e.EntryId, e.Type, e.Distance, e.Action, content.Status), now);
        }

        await db.SaveChangesAsync(cancellationToken); // the events and their webhooks in one transaction
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return fresh.Count;
    }

    /// <summary>Match events after a sequence number, oldest first, at most <paramref name="limit"/> (they commit in sequence order: see <see cref="CommitOrder"/>).</summary>
    public async Task<IReadOnlyList<MatchEvent>> ReadMatchEventsAsync(long after, int limit, CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var rows = await db.MatchEvents.AsNoTracking()
            .Where(m => m.Sequence > after)
            .OrderBy(m => m.Sequence)
            .Take(Math.Clamp(limit, 1, 10_000))
            .Join(db.Contents, m => m.ContentRowId, c => c.Id, (m, c) => new { m, c.ContentId })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new MatchEvent(r.m.Sequence, r.ContentId, r.m.Bank, r.m.EntryId, r.m.Type, r.m.Distance, r.m.Action, r.m.DetectedAt))];
    }

    /// <summary>Rows of the given partitions with their hashes; the others with their row id only.</summary>
    private static IQueryable<IndexedContent> Only(IQueryable<ContentRow> rows, ContentPartitions partitions)
    {
        var count = partitions.Count;
        var mine = partitions.Mine.ToList();
        return rows.Select(c => mine.Contains((int)(c.Id % count))
            ? new IndexedContent(c.Id, c.Pdq, c.Md5, c.Sha256, c.Vpdq, c.Verdict, c.BankSequence)
            : new IndexedContent(c.Id, null, null, null, null, c.Verdict, c.BankSequence));
    }

    private static void Add(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A content id sent again must come with the hashes it was recorded with.</summary>
    /// <exception cref="BankStoreException">It came with others (<see cref="BankStoreError.Conflict"/>).</exception>
    internal static void CheckSameHashes(ContentRow existing, ContentRecord record, Exception? inner = null)
    {
        if (!existing.ToRecord().SameHashesAs(record))
        {
            var message = $"Content id '{record.ContentId}' was already recorded with other hashes.";
            throw inner is null ? new BankStoreException(BankStoreError.Conflict, message) : new BankStoreException(BankStoreError.Conflict, message, inner);
        }
    }

    internal static void Validate(ContentRecord record)
    {
        var invalid = Identifier.Validate("content_id", record.ContentId)
            ?? Identifier.ValidateOptional("uploader_id", record.UploaderId)
            ?? Identifier.ValidateOptional("parent_content_id", record.ParentContentId)
            ?? Identifier.ValidateOptional("uploader_ip", record.UploaderIp, MaxIpLength);
        if (invalid is not null)
        {
            throw new BankStoreException(BankStoreError.Invalid, invalid);
        }
    }
}
