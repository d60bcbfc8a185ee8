namespace Aegis.Core.Cases;

/// <summary>The reasons a case is in the queue, and their wire names.</summary>
public static class ReviewReasons
{
    /// <summary>Every reason, in the order they are listed (the person shown first).</summary>
    public static IReadOnlyList<ReviewReason> All { get; } = Enum.GetValues<ReviewReason>();

    /// <summary>The wire names of every reason, for messages.</summary>
    public static string Names => string.Join(", ", All.Select(Name));

    /// <summary>Why a case that <paramref name="origin"/> opened, whose reports and matches say <paramref name="signals"/>, is in the queue.</summary>
    public static IReadOnlyList<ReviewReason> Of(CaseOrigin origin, ReviewSignals signals)
    {
        var reasons = new List<ReviewReason>(2);
        Add(signals.PersonShown, ReviewReason.PersonShown);
        Add(signals.MinorClaimed, ReviewReason.Minor);
        Add(signals.TrustedFlagger, ReviewReason.TrustedFlagger);
        Add(origin == CaseOrigin.GateHold || signals.BankMatched, ReviewReason.BankMatch);
        Add(origin == CaseOrigin.SuspendedUploader, ReviewReason.SuspendedUploader);
        Add(origin == CaseOrigin.CascadeHold, ReviewReason.CascadeHold);
        Add(signals.UserReport, ReviewReason.UserReport);
        return reasons;

        void Add(bool holds, ReviewReason reason)
        {
            if (holds)
            {
                reasons.Add(reason);
            }
        }
    }

    /// <summary>The wire name: <c>person-shown</c>, <c>minor</c>, <c>trusted-flagger</c>, <c>bank-match</c>, <c>suspended-uploader</c>, <c>cascade-hold</c> or <c>user-report</c>.</summary>
    public static string Name(ReviewReason reason) => reason switch
    {
        ReviewReason.PersonShown => "person-shown",
        ReviewReason.Minor => "minor",
        ReviewReason.TrustedFlagger => "trusted-flagger",
        ReviewReason.BankMatch => "bank-match",
        ReviewReason.SuspendedUploader => "suspended-uploader",
        ReviewReason.CascadeHold => "cascade-hold",
        ReviewReason.UserReport => "user-report",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, null),
    };

    /// <summary>The reason of this wire name (any case; <c>_</c> for <c>-</c> too), or null.</summary>
    public static ReviewReason? Parse(string? name) =>
        All.Select(r => (ReviewReason?)r).FirstOrDefault(r => string.Equals(Name(r!.Value), name?.Trim().Replace('_', '-'), StringComparison.OrdinalIgnoreCase));
}
