namespace Aegis.Core.Cases;

/// <summary>
/// Who may read and act on a case, decided from its queue now and the reader's role and queues every time it is read:
/// never cached, so a case that moves queue (a child-safety dismissal now waiting for a senior) or a reader whose queues
/// change is judged by what holds at that moment.
/// </summary>
public static class QueueAccess
{
    /// <summary>
    /// What <paramref name="reader"/> may do with <paramref name="c"/> at <paramref name="now"/>. They may read it when
    /// its queue (or, once it waits for nobody, its subject's: <see cref="ReviewQueues.Home"/>) is one of theirs, or when
    /// they made a decision on it — then read only, so a reviewer who dismissed a child-safety case still sees it waiting
    /// for a senior. They may act when, besides, it is in one of their queues, waits for someone, is not barred to them
    /// (<see cref="CaseAwaiting.NotBy"/>: the first dismisser, an appeal's deciders) and is not claimed by another.
    /// </summary>
    public static CaseAccess For(QueueReader reader, Case c, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(c);
        var queue = ReviewQueues.Of(c);
        var home = ReviewQueues.Home(c);
        var allowed = reader.Allowed;
        var inQueue = allowed.Contains(home);
        if (!inQueue && !Decided(reader.Name, c))
        {
            return new CaseAccess(queue, false, false,
                $"Case {c.Id} is in the {ReviewQueues.Name(home)} queue, which is not one of yours (yours: {ReviewQueues.Describe(allowed)}).");
        }

        var awaiting = CaseAwaiting.For(c, now);
        var why = queue is null || awaiting is null ? $"Case {c.Id} is closed ({c.State}): it waits for nobody."
            : !inQueue ? $"You may read case {c.Id} because you decided it; it is in the {ReviewQueues.Name(queue.Value)} queue, which is not one of yours. It awaits {awaiting.Text}."
            : awaiting.NotBy.Contains(reader.Name, StringComparer.Ordinal) ? $"Case {c.Id} awaits {awaiting.Text}."
            : c.ClaimAt(now) is { } claim && !string.Equals(claim.Reviewer, reader.Name, StringComparison.Ordinal)
                ? $"Case {c.Id} is claimed by {claim.Reviewer} until {claim.Until:u}."
            : null;
        return new CaseAccess(queue, true, why is null, why);
    }

    /// <summary>The reader made a decision on the case, or decided its appeal.</summary>
    private static bool Decided(string reader, Case c) =>
        c.Decisions.Any(d => string.Equals(d.Reviewer, reader, StringComparison.Ordinal))
        || string.Equals(c.Appeal?.DecidedBy, reader, StringComparison.Ordinal);
}
