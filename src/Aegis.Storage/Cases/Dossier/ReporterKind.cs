namespace Aegis.Storage;

/// <summary>Who made a report, as a reviewer weighs it.</summary>
public enum ReporterKind
{
    /// <summary>The person shown (they said so; no proof is asked for).</summary>
    Victim,

    /// <summary>Law enforcement or a hotline, through the trusted-flagger intake.</summary>
    TrustedFlagger,

    /// <summary>A signed-in account on the platform.</summary>
    User,

    /// <summary>Someone who did not say who they are.</summary>
    Anonymous,
}
