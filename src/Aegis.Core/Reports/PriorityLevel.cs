namespace Aegis.Core.Reports;

/// <summary>How urgent a case is; a higher level is reviewed first.</summary>
public enum PriorityLevel
{
    /// <summary>Other policy areas.</summary>
    Normal = 1,

    /// <summary>Non-consensual intimate imagery reported by someone other than the person shown.</summary>
    High = 2,

    /// <summary>A child may be harmed: the content is restricted at once.</summary>
    ChildSafety = 3,

    /// <summary>A trusted flagger (law enforcement, a hotline) flags it: outranks every report but the person shown's.</summary>
    TrustedFlag = 4,

    /// <summary>The person shown reports it: outranks everything.</summary>
    Critical = 5,
}
