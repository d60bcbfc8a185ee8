namespace Aegis.Core.Cases;

/// <summary>
/// Appeals of a confirmed case, as plain code: the uploader may appeal once; the appeal goes to a reviewer who did not
/// decide the case; overturning a child-safety confirmation takes a senior reviewer (the same bar as dismissing one).
/// </summary>
public static class AppealPolicy
{
    /// <summary>Why the uploader may not appeal now, or null.</summary>
    public static string? CanAppeal(CaseState state, bool alreadyAppealed) =>
        state != CaseState.Confirmed ? "Only a confirmed case can be appealed."
        : alreadyAppealed ? "This case was already appealed."
        : null;

    /// <summary>Why this reviewer may not decide the appeal this way, or null.</summary>
    public static string? CanDecide(bool childSafety, IReadOnlyList<Decision> decisions, string reviewer, ReviewerRole role, bool overturn)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        if (!DecisionPolicy.MayReviewAppeal(decisions, reviewer))
        {
            return "An appeal goes to a reviewer who did not decide the case.";
        }

        return overturn && childSafety && role != ReviewerRole.Senior
            ? "Overturning a child-safety confirmation takes a senior reviewer."
            : null;
    }
}
