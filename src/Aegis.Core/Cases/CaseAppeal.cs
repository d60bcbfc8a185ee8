namespace Aegis.Core.Cases;

/// <summary>The uploader's appeal of a confirmed case, and its outcome once decided.</summary>
/// <param name="At">When it was made.</param>
/// <param name="By">The appealing account (the item's uploader).</param>
/// <param name="Text">What they wrote.</param>
/// <param name="Outcome">Null while pending.</param>
/// <param name="DecidedBy">The reviewer who decided it.</param>
/// <param name="Reason">Why, in the reviewer's words.</param>
public sealed record CaseAppeal(
    DateTimeOffset At, string By, string? Text, AppealOutcome? Outcome = null, string? DecidedBy = null, string? Reason = null);

/// <summary>How an appeal ended.</summary>
public enum AppealOutcome
{
    /// <summary>The confirmation stands.</summary>
    Upheld,

    /// <summary>The item is restored and its hashes stop blocking.</summary>
    Overturned,
}
