namespace Aegis.Core.Cases;

/// <summary>
/// The review queue a case is in, decided from its state every time it is read, never stored. People and URLs name it
/// by its wire name (<c>child-safety</c>, <c>general</c>, <c>senior</c>, <c>appeals</c>); JSON as the API writes enums.
/// </summary>
public enum ReviewQueue
{
    /// <summary>Open, and a child may be harmed.</summary>
    ChildSafety,

    /// <summary>Open, and no child is said to be at risk.</summary>
    General,

    /// <summary>A child-safety case one reviewer dismissed, waiting for a senior reviewer's second review.</summary>
    Senior,

    /// <summary>A confirmed case whose uploader appealed, waiting for a reviewer who did not decide it.</summary>
    Appeals,
}
