namespace Aegis.Core.Cases;

/// <summary>A reviewer's standing: only a senior may make the second dismissal of a child-safety case.</summary>
public enum ReviewerRole
{
    Reviewer,
    Senior,
}
