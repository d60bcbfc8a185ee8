using Aegis.Core.Events;
using Aegis.Storage;

namespace Aegis.Server.Web;

/// <summary>A reviewer's reveals today (UTC), as the queue, case and account pages show them.</summary>
internal static class RevealCount
{
    /// <summary>How many <c>evidence.revealed</c> entries <paramref name="actor"/> caused since midnight UTC of <paramref name="now"/>.</summary>
    public static Task<int> TodayAsync(this AuditLog audit, string actor, DateTimeOffset now, CancellationToken cancellationToken) =>
        audit.CountAsync(actor, EvidenceRevealed.Action, new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero), cancellationToken);
}
