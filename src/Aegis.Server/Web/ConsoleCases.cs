using Aegis.Core.Cases;
using Aegis.Storage;

namespace Aegis.Server.Web;

/// <summary>The console's reads of who may see a case: the user's role and queues and the case as stored now, every request.</summary>
internal sealed class ConsoleCases(CaseStore cases, UserStore users, TimeProvider time)
{
    /// <summary>
    /// Case <paramref name="caseId"/> as <paramref name="userName"/> may see it now; null when there is no such case (or no
    /// such user, whose session the sign-in has ended anyway).
    /// </summary>
    public async Task<CaseSight?> SeeAsync(string userName, long caseId, CancellationToken cancellationToken)
    {
        var me = await users.FindAsync(userName, cancellationToken);
        var c = me is null ? null : await cases.ReadCaseAsync(caseId, cancellationToken);
        if (me is null || c is null)
        {
            return null;
        }

        var now = time.GetUtcNow();
        return new CaseSight(me, c, QueueAccess.For(me.ToReader(), c, now), now);
    }
}
