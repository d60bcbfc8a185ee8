namespace Aegis.Core.Cases;

/// <summary>
/// NCMEC's industry categorization of child sexual abuse material: A (prepubescent) or B (pubescent), and 1 (sex act)
/// or 2 (lascivious exhibition).
/// </summary>
public enum NcmecClassification
{
    A1,
    A2,
    B1,
    B2,
}
