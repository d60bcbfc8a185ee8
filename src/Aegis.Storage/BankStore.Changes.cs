using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

public sealed partial class BankStore
{
    /// <summary>The sequence of the newest change, or 0 when there is none.</summary>
    public async Task<long> LatestChangeAsync(CancellationToken cancellationToken = default)
    {
        await using var db = CreateContext();
        return await db.Changes.MaxAsync(c => (long?)c.Sequence, cancellationToken) ?? 0;
    }

    /// <summary>
    /// Streams the changes after <paramref name="afterSequence"/>, in sequence order, each with its entry. A node applies
    /// them and remembers the last sequence it saw; no row is ever skipped (see <see cref="ChangeFeed"/>).
    /// </summary>
    /// <param name="afterSequence">The last sequence already applied (0 for all).</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    public async IAsyncEnumerable<BankChange> ReadChangesAsync(
        long afterSequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // Read when the first change comes: a node polls this several times a second, and mostly there is none. Deleted
        // banks' names too: their changes stay in the feed.
        (Dictionary<int, string> Names, HashSet<int> Deleted)? banks = null;
        var after = afterSequence;
        while (true)
        {
            await using var db = CreateContext();
            var page =
                from c in db.Changes.AsNoTracking()
                where c.Sequence > after
                join e in db.Entries.AsNoTracking() on c.EntryId equals (long?)e.Id into entries
                from e in entries.DefaultIfEmpty()
                orderby c.Sequence
                select new { Change = c, Entry = e };

            var count = 0;
            await foreach (var row in page.Take(PageSize).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                count++;
                after = row.Change.Sequence;
                banks ??= await ReadAllBankNamesAsync(cancellationToken);
                if (!banks.Value.Names.TryGetValue(row.Change.BankId, out var name))
                {
                    banks = await ReadAllBankNamesAsync(cancellationToken);
                    name = banks.Value.Names[row.Change.BankId];
                }

                if (row.Change.Kind == BankChangeKind.BankDeleted)
                {
                    // Deleted after the names were read: the changes after this one are of a bank that is gone too.
                    banks.Value.Deleted.Add(row.Change.BankId);
                }

                yield return new BankChange(row.Change.Sequence, row.Change.Kind, name, row.Entry?.ToEntry(name), row.Change.At)
                {
                    BankGone = banks.Value.Deleted.Contains(row.Change.BankId),
                };
            }

            if (count < PageSize)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// The ids of the entries of the bank that the <see cref="BankChangeKind.BankDeleted"/> change
    /// <paramref name="sequence"/> deleted (every entry, enabled or not), in id order, a page at a time: what a node
    /// stops matching when it applies that change.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<long>> ReadDeletedEntryIdsAsync(
        long sequence, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        int bankId;
        await using (var db = CreateContext())
        {
            var change = await db.Changes.AsNoTracking().SingleOrDefaultAsync(c => c.Sequence == sequence, cancellationToken);
            if (change is not { Kind: BankChangeKind.BankDeleted })
            {
                yield break;
            }

            bankId = change.BankId;
        }

        var after = 0L;
        while (true)
        {
            List<long> page;
            await using (var db = CreateContext())
            {
                page = await db.Entries.AsNoTracking()
                    .Where(e => e.BankId == bankId && e.Id > after)
                    .OrderBy(e => e.Id)
                    .Select(e => e.Id)
                    .Take(MatchablePageSize)
                    .ToListAsync(cancellationToken);
            }

            if (page.Count > 0)
            {
                after = page[^1];
                yield return page;
            }

            if (page.Count < MatchablePageSize)
            {
                yield break;
            }
        }
    }
}
