namespace Aegis.Core.Reports;

/// <summary>What a report says is wrong.</summary>
public enum ReportCategory
{
    /// <summary>Child sexual exploitation or abuse material.</summary>
    ChildSexualExploitation,

    /// <summary>Sexual extortion: intimate images used to coerce, often of minors.</summary>
    Sextortion,

    /// <summary>Intimate images shared without the consent of the person shown.</summary>
    NonConsensualIntimateImagery,

    /// <summary>Grooming: an adult building trust and secrecy with a child toward sexual contact or images (online enticement).</summary>
    Grooming,

    /// <summary>Any other policy area (harassment, violence, spam…): reviewed, never restricted on report alone.</summary>
    OtherPolicy,
}
