using Aegis.Core.Cases;

namespace Aegis.Core.Exchanges;

/// <summary>
/// Which decisions an exchange hears about, and how long a verdict is tried. Only a person's final word counts: a
/// confirmation by a reviewer (not a case the gate confirmed by a match, which would only echo the exchange back to
/// itself) and a dismissal once the two-person rule has run (the second reviewer's). Each entry that matched the case's
/// item and came from an exchange gets one verdict per exchange that holds it.
/// </summary>
public static class FeedbackRules
{
    /// <summary>Tries before a verdict is given up (each waits as an exchange's failed fetch does).</summary>
    public const int MaxAttempts = 10;

    /// <summary>Verdicts a worker claims at a time.</summary>
    public const int ClaimBatch = 20;

    /// <summary>The verdict a step of the workflow owes the exchanges, if any.</summary>
    /// <param name="before">The case's state before the step.</param>
    /// <param name="after">Its state after.</param>
    /// <returns>True for a confirmation, false for a dismissal, null when the step owes nothing.</returns>
    public static bool? Owed(CaseState before, CaseState after) => (before, after) switch
    {
        (not CaseState.Confirmed, CaseState.Confirmed) => true,
        (not CaseState.Dismissed, CaseState.Dismissed) => false,
        _ => null,
    };

    /// <summary>Whether a verdict that failed its <paramref name="attempts"/>-th time is given up.</summary>
    public static bool GiveUp(int attempts) => attempts >= MaxAttempts;
}
