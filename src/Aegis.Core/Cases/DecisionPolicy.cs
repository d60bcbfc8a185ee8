namespace Aegis.Core.Cases;

/// <summary>
/// The rules of deciding a case, as plain code. A confirmation takes one reviewer. A dismissal of a child-safety case
/// takes two different reviewers, the second a senior; until the second agrees, the case waits "awaiting second
/// review" and the content stays restricted. Any reviewer may confirm at any point before the case is closed.
/// </summary>
public static class DecisionPolicy
{
    /// <param name="state">The case's state now.</param>
    /// <param name="childSafety">Whether the case is about a child who may be harmed.</param>
    /// <param name="earlier">The decisions already made on it, oldest first.</param>
    /// <param name="decision">The new decision.</param>
    public static DecisionOutcome Decide(CaseState state, bool childSafety, IReadOnlyList<Decision> earlier, Decision decision)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(decision);
        if (state is CaseState.ConfirmedByMatch)
        {
            return DecisionOutcome.Refuse(state, "The case was confirmed by a match with a bank of known material at the gate; it takes no decision.");
        }

        if (state is CaseState.Confirmed or CaseState.Dismissed)
        {
            return DecisionOutcome.Refuse(state, $"The case is already {(state == CaseState.Confirmed ? "confirmed" : "dismissed")}; an appeal reopens it.");
        }

        if (string.IsNullOrWhiteSpace(decision.Reviewer))
        {
            return DecisionOutcome.Refuse(state, "A decision needs the reviewer's id.");
        }

        if (string.IsNullOrWhiteSpace(decision.Reason))
        {
            return DecisionOutcome.Refuse(state, "A decision needs a reason.");
        }

        return decision.Kind switch
        {
            DecisionKind.ConfirmCsam when decision.Classification is null =>
                DecisionOutcome.Refuse(state, "Confirming child sexual abuse material needs NCMEC's classification (A1, A2, B1 or B2)."),
            DecisionKind.ConfirmCsam or DecisionKind.ConfirmViolation =>
                new DecisionOutcome(true, CaseState.Confirmed, false, true, false, null),
            DecisionKind.Escalate => new DecisionOutcome(true, state, false, false, true, null),
            _ => Dismiss(state, childSafety, earlier, decision),
        };
    }

    private static DecisionOutcome Dismiss(CaseState state, bool childSafety, IReadOnlyList<Decision> earlier, Decision decision)
    {
        if (!childSafety)
        {
            return new DecisionOutcome(true, CaseState.Dismissed, true, false, false, null);
        }

        if (state != CaseState.AwaitingSecondReview)
        {
            // The first of two: the content stays restricted.
            return new DecisionOutcome(true, CaseState.AwaitingSecondReview, false, false, false, null);
        }

        if (earlier.Any(d => d.Kind == DecisionKind.Dismiss && d.Reviewer == decision.Reviewer))
        {
            return DecisionOutcome.Refuse(state, "The second dismissal of a child-safety case must come from a different reviewer.");
        }

        return decision.Role == ReviewerRole.Senior
            ? new DecisionOutcome(true, CaseState.Dismissed, true, false, false, null)
            : DecisionOutcome.Refuse(state, "The second dismissal of a child-safety case must come from a senior reviewer.");
    }

    /// <summary>An appeal goes to a reviewer who did not decide the case.</summary>
    public static bool MayReviewAppeal(IReadOnlyList<Decision> decisions, string reviewer)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        return !string.IsNullOrWhiteSpace(reviewer) && decisions.All(d => d.Reviewer != reviewer);
    }
}
