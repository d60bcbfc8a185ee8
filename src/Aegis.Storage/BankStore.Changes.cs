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
        // Read when the first change comes: a node polls this several times a second, and mostly there is none.
        Dictionary<int, string>? names = null;
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
                names ??= await ReadBankNamesAsync(cancellationToken);
                if (!names.TryGetValue(row.Change.BankId, out var name))
                {
                    names = await ReadBankNamesAsync(cancellationToken);
                    name = names[row.Change.BankId];
                }

                yield return new BankChange(row.Change.Sequence, row.Change.Kind, name, row.Entry?.ToEntry(name), row.Change.At);
            }

            if (count < PageSize)
            {
                yield break;
            }
        }
    }
}
