using System.Runtime.CompilerServices;
using Aegis.Matching.Banks;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

public sealed partial class BankStore
{
    private const int MatchablePageSize = 100_000;

    /// <summary>
    /// The enabled entries of the given banks (every live bank's when null), in id order, reading only
    /// what matching needs: the fast path for loading the in-memory indexes at start.
    /// </summary>
    /// <param name="banks">The banks to read; every bank when null.</param>
    /// <param name="cancellationToken">Cancels the stream.</param>
    public async IAsyncEnumerable<MatchableEntry> ReadMatchableEntriesAsync(
        IReadOnlyCollection<string>? banks, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var names = await ReadBankNamesAsync(cancellationToken);
        var ids = banks is null ? null : names.Where(n => banks.Contains(n.Value)).Select(n => n.Key).ToList();
        var deleted = ids is null ? await ReadDeletedBankIdsAsync(cancellationToken) : [];
        var after = 0L;
        while (true)
        {
            await using var db = CreateContext();
            var query = db.Entries.AsNoTracking().Where(e => e.Id > after && e.Enabled);
            if (ids is not null)
            {
                query = query.Where(e => ids.Contains(e.BankId));
            }
            else if (deleted.Count > 0)
            {
                // A deleted bank's entries are gone (usually there is none, and the query stays the plain scan).
                query = query.Where(e => !deleted.Contains(e.BankId));
            }

            var count = 0;
            var page = query.OrderBy(e => e.Id).Take(MatchablePageSize).Select(e => new { e.Id, e.BankId, e.Type, Value = e.Signal ?? e.Value });
            await foreach (var row in page.AsAsyncEnumerable().WithCancellation(cancellationToken))
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

                yield return new MatchableEntry(row.Id, name, row.Type, row.Value);
            }

            if (count < MatchablePageSize)
            {
                yield break;
            }
        }
    }
}
