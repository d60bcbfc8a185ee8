namespace Aegis.Core.Signals;

/// <summary>
/// The account-pattern rule's thresholds: a sender who opens conversations with at least <paramref name="MinMinors"/>
/// distinct declared minors they are not connected to, within any span of <paramref name="Window"/>.
/// </summary>
/// <param name="MinMinors">How many distinct unconnected minors (default 5).</param>
/// <param name="Window">The span they must fall within (the caller's choice; e.g. 24 hours).</param>
public sealed record OutreachRule(int MinMinors, TimeSpan Window)
{
    /// <summary>The rule's name in explanations.</summary>
    public const string Name = "accounts.minor-outreach";
}
