using Aegis.Core.Events;
using Aegis.Core.Reports;

namespace Aegis.Core.Cases;

public static partial class CaseWorkflow
{
    /// <summary>
    /// An upload matched a hash a person submitted through the protect page, and their case is open: the upload is held
    /// (restricted and demonetized, never published) and joins that case as a <see cref="CaseLinkKind.Submitted"/> item,
    /// instead of opening a case of its own. Null when the case is closed (the gate then opens a case as for any hold).
    /// </summary>
    /// <param name="c">The submission's case.</param>
    /// <param name="content">The recorded upload.</param>
    /// <param name="match">The submitted hash's entry that matched.</param>
    public static JoinTransition? JoinAtGate(Case c, ContentState content, CaseMatch match)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(match);
        if (!c.IsOpen)
        {
            return null;
        }

        var after = content with { Status = content.Status == ContentStatus.Removed ? ContentStatus.Removed : ContentStatus.Restricted, Demonetized = true };
        var reason = $"held at the gate: matches {Describe(match)}, a hash the person shown submitted; joined case {c.Id}";
        return new JoinTransition(
            after,
            new CaseLink(content.ContentId, CaseLinkKind.Submitted, match.Distance),
            [new ContentRestricted(content.ContentId, c.Id, reason, Held: true), new ContentDemonetized(content.ContentId, c.Id, reason)]);
    }

    /// <summary>
    /// The person withdrew the submission that made <paramref name="c"/>: an open case that nobody else reported is closed
    /// as dismissed by the withdrawal, and its item shown again (unless removed); <see cref="Lift"/> then gives back its
    /// linked items. A decided case, or one others reported too, stands: a reviewer still decides it.
    /// </summary>
    /// <param name="c">The submission's case.</param>
    /// <param name="content">Its item.</param>
    /// <param name="othersReported">Whether any report other than the submission's joined the case.</param>
    /// <param name="now">The time of the withdrawal.</param>
    public static CaseTransition Withdraw(Case c, ContentState content, bool othersReported, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(content);
        if (!c.IsOpen || othersReported)
        {
            return new CaseTransition(c, content, []);
        }

        var closed = c with { State = CaseState.Dismissed, ClosedAt = now, Claim = null };
        if (content.Status == ContentStatus.Removed || (content.Status == ContentStatus.Visible && !content.Demonetized))
        {
            return new CaseTransition(closed, content, []);
        }

        var after = content with { Status = ContentStatus.Visible, Demonetized = false };
        return new CaseTransition(closed, after, [new ContentRestored(DomainEvent.System, content.ContentId, c.Id, $"case {c.Id} withdrawn by the person who submitted it")]);
    }
}
