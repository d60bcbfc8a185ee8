using Aegis.Core.Cases;

namespace Aegis.Core.CyberTip;

/// <summary>
/// Which confirmed cases are reported to NCMEC's CyberTipline, as what, and which are sent without a person's approval.
/// </summary>
/// <param name="AutoSubmit">Reports of exact gate matches against <paramref name="AutoSubmitBanks"/> are approved automatically.</param>
/// <param name="AutoSubmitBanks">The banks whose entries come from NCMEC (or another source trusted as confirmed CSAM).</param>
public sealed record CyberTipPolicy(bool AutoSubmit, IReadOnlySet<string> AutoSubmitBanks)
{
    public static CyberTipPolicy Default { get; } = new(false, new HashSet<string>(StringComparer.Ordinal));

    /// <summary>
    /// The case is apparent child sexual abuse material or exploitation that the law requires reporting: confirmed as
    /// CSAM, confirmed as a violation where a child may be harmed (sextortion, enticement, text included), or blocked at
    /// the gate by a known-abuse entry. A gate match on an entry a case banked counts only if that case was reportable
    /// (<paramref name="sourceCase"/>: a spam image banked by its cascade is not CSAM).
    /// </summary>
    public static bool Reportable(Case c, Case? sourceCase = null)
    {
        ArgumentNullException.ThrowIfNull(c);
        return c.State switch
        {
            CaseState.ConfirmedByMatch => sourceCase is null || Reportable(sourceCase),
            CaseState.Confirmed => c.Confirmation?.Kind == DecisionKind.ConfirmCsam || (c.Confirmation?.Kind == DecisionKind.ConfirmViolation && c.ChildSafety),
            _ => false,
        };
    }

    /// <summary>What the incident is: media of abuse, or the enticement of a child (sextortion, grooming) with no CSAM confirmed.</summary>
    public static CyberTipIncident Incident(Case c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return c.State == CaseState.Confirmed && c.Confirmation?.Kind == DecisionKind.ConfirmViolation
            ? CyberTipIncident.Enticement
            : CyberTipIncident.ChildSexualAbuseMaterial;
    }

    /// <summary>The report may go without a reviewer: an exact match at the gate against a bank trusted as NCMEC-sourced.</summary>
    public bool ApprovesItself(Case c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return AutoSubmit && c.State == CaseState.ConfirmedByMatch && c.Match is { Distance: 0 } match && AutoSubmitBanks.Contains(match.Bank);
    }
}

/// <summary>The kind of incident a report is about.</summary>
public enum CyberTipIncident
{
    /// <summary>Apparent child sexual abuse material (NCMEC: "Child Pornography (possession, manufacture, and distribution)").</summary>
    ChildSexualAbuseMaterial,

    /// <summary>Online enticement of a child for sexual acts (sextortion, grooming), messages as evidence.</summary>
    Enticement,
}
