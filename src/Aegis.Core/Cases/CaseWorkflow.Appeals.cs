using Aegis.Core.Events;
using Aegis.Core.Input;
using Aegis.Core.Reports;

namespace Aegis.Core.Cases;

public static partial class CaseWorkflow
{
    /// <summary>Longest appeal text and decision reason.</summary>
    public const int MaxTextLength = FreeText.MaxLength;

    /// <summary>Longest account or reviewer id.</summary>
    public const int MaxIdLength = Identifier.MaxLength;

    /// <summary>The uploader appeals a confirmed case, once; a reviewer who did not decide it will decide the appeal.</summary>
    public static CaseTransition Appeal(Case c, ContentState content, string accountId, string? text, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(content);
        if ((Identifier.Validate("account_id", accountId) ?? FreeText.Validate("text", text)) is { } invalid)
        {
            return CaseTransition.Refuse(c, content, CaseRefusal.Invalid($"An appeal names the appealing account and may say why: {invalid}"));
        }

        if (AppealPolicy.CanAppeal(c.State, c.Appeal is not null) is { } refusal)
        {
            return CaseTransition.Refuse(c, content, CaseRefusal.Conflict(refusal));
        }

        if (c.CascadePending)
        {
            return CaseTransition.Refuse(c, content, CaseRefusal.Conflict($"Case {c.Id}'s takedown is still running; appeal once it has finished."));
        }

        if (content.UploaderId != accountId)
        {
            return CaseTransition.Refuse(c, content, CaseRefusal.Conflict($"Only the account that uploaded {content.ContentId} may appeal its case; '{accountId}' did not."));
        }

        var next = c with { Appeal = new CaseAppeal(now, accountId, text) };
        return new CaseTransition(next, content, [new CaseAppealed(next, accountId, text)]);
    }

    /// <summary>
    /// A reviewer who did not decide the case decides the appeal. Upheld: nothing else changes. Overturned (a senior, for
    /// child safety): the item is restored and the hashes the case banked stop blocking
    /// (<see cref="CaseTransition.UnbanHashes"/>); reshares and copies the cascade removed stay removed until reviewed.
    /// </summary>
    public static CaseTransition DecideAppeal(
        Case c, ContentState content, string reviewer, ReviewerRole role, bool overturn, string reason)
    {
        ArgumentNullException.ThrowIfNull(c);
        ArgumentNullException.ThrowIfNull(content);
        if (string.IsNullOrWhiteSpace(reason))
        {
            return CaseTransition.Refuse(c, content, CaseRefusal.Invalid($"An appeal decision needs a reason (at most {MaxTextLength:N0} characters)."));
        }

        if (FreeText.Validate("reason", reason) is { } invalid)
        {
            return CaseTransition.Refuse(c, content, CaseRefusal.Invalid($"An appeal decision needs a reason: {invalid}"));
        }

        if (c.Appeal is not { Outcome: null } appeal)
        {
            return CaseTransition.Refuse(c, content, CaseRefusal.Conflict($"Case {c.Id} has no pending appeal."));
        }

        if (AppealPolicy.CanDecide(c.ChildSafety, c.Decisions, reviewer, role, overturn) is { } refusal)
        {
            return CaseTransition.Refuse(c, content, CaseRefusal.Conflict(refusal));
        }

        var outcome = overturn ? AppealOutcome.Overturned : AppealOutcome.Upheld;
        var next = c with { Appeal = appeal with { Outcome = outcome, DecidedBy = reviewer, Reason = reason } };
        var events = new List<DomainEvent>();
        if (overturn && content.Status != ContentStatus.Visible)
        {
            content = content with { Status = ContentStatus.Visible };
            events.Add(new ContentRestored(reviewer, content.ContentId, c.Id, "appeal overturned"));
        }

        events.Add(new CaseAppealDecided(next, reviewer, role, outcome, reason));
        return new CaseTransition(next, content, events) { UnbanHashes = overturn };
    }
}
