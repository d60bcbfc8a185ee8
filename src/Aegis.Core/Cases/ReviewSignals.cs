namespace Aegis.Core.Cases;

/// <summary>What the stored reports and matches of a case say, from which its <see cref="ReviewReason"/>s follow.</summary>
/// <param name="PersonShown">A report's reporter said they are the person shown.</param>
/// <param name="MinorClaimed">A report said the person shown was under 18.</param>
/// <param name="TrustedFlagger">A report came through the trusted-flagger intake.</param>
/// <param name="UserReport">A report came from a user of the platform (signed in or anonymous).</param>
/// <param name="BankMatched">A bank entry matched the case's item after it was recorded (a match event).</param>
public readonly record struct ReviewSignals(bool PersonShown, bool MinorClaimed, bool TrustedFlagger, bool UserReport, bool BankMatched);
