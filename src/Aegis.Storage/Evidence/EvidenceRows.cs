using Aegis.Core.Evidence;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

/// <summary>
/// The vault's rows that the case workflow adds in its own transactions: when a case opens (or an item is reported
/// into an open case), a row awaiting the item's bytes, so preservation is durable work from the moment the case exists.
/// </summary>
internal static class EvidenceRows
{
    /// <summary>
    /// How long an item the gate holds the bytes of waits before the fetch worker may take it: the gate preserves them just
    /// after its case commits; this is for a node that died in between.
    /// </summary>
    public static readonly TimeSpan GateGrace = TimeSpan.FromMinutes(2);

    /// <summary>A row awaiting the bytes of <paramref name="contentRowId"/> for <paramref name="caseId"/>, fetched from <paramref name="dueAt"/> on.</summary>
    public static EvidenceRow Awaiting(long caseId, long contentRowId, DateTimeOffset now, DateTimeOffset dueAt) => new()
    {
        CaseId = caseId,
        ContentRowId = contentRowId,
        State = EvidenceState.Fetching,
        CreatedAt = now.ToUnixTimeMilliseconds(),
        DueAt = dueAt.ToUnixTimeMilliseconds(),
    };

    /// <summary>Adds the awaiting row of an item reported into a case unless the case has one (in this batch or stored).</summary>
    public static async Task AwaitOnceAsync(AegisDbContext db, HashSet<(long, long)> added, long caseId, long contentRowId, bool caseIsNew, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!added.Add((caseId, contentRowId)))
        {
            return;
        }

        if (!caseIsNew && await db.Evidence.AnyAsync(e => e.CaseId == caseId && e.ContentRowId == contentRowId, cancellationToken))
        {
            return;
        }

        db.Evidence.Add(Awaiting(caseId, contentRowId, now, now));
    }
}
