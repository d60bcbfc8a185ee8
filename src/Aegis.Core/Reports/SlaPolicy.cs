namespace Aegis.Core.Reports;

/// <summary>How long a case may wait for a decision at each level before it is escalated (configurable).</summary>
/// <param name="Critical">The person shown reported it.</param>
/// <param name="TrustedFlag">A trusted flagger flagged it.</param>
/// <param name="ChildSafety">A child may be harmed.</param>
/// <param name="High">Intimate imagery.</param>
/// <param name="Normal">Everything else.</param>
public sealed record SlaPolicy(TimeSpan Critical, TimeSpan TrustedFlag, TimeSpan ChildSafety, TimeSpan High, TimeSpan Normal)
{
    /// <summary>30 minutes, 30 minutes, 1 hour, 24 hours, 72 hours.</summary>
    public static SlaPolicy Default { get; } = new(
        TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30), TimeSpan.FromHours(1), TimeSpan.FromHours(24), TimeSpan.FromHours(72));

    public TimeSpan For(PriorityLevel level) => level switch
    {
        PriorityLevel.Critical => Critical,
        PriorityLevel.TrustedFlag => TrustedFlag,
        PriorityLevel.ChildSafety => ChildSafety,
        PriorityLevel.High => High,
        _ => Normal,
    };

    /// <summary>When a case opened at <paramref name="opened"/> at <paramref name="level"/> is due.</summary>
    public DateTimeOffset DueAt(DateTimeOffset opened, PriorityLevel level) => opened + For(level);
}
