namespace Aegis.Core.Reports;

/// <summary>
/// A case's place in the queue: by level, then by how many reports it has (more reports raise it), then by age.
/// </summary>
/// <param name="Level">The highest level any of its reports brought.</param>
/// <param name="Reports">How many reports joined it.</param>
public readonly record struct CasePriority(PriorityLevel Level, int Reports) : IComparable<CasePriority>
{
    /// <summary>Higher is more urgent.</summary>
    public int CompareTo(CasePriority other) =>
        Level != other.Level ? Level.CompareTo(other.Level) : Reports.CompareTo(other.Reports);

    public static bool operator <(CasePriority left, CasePriority right) => left.CompareTo(right) < 0;

    public static bool operator >(CasePriority left, CasePriority right) => left.CompareTo(right) > 0;

    public static bool operator <=(CasePriority left, CasePriority right) => left.CompareTo(right) <= 0;

    public static bool operator >=(CasePriority left, CasePriority right) => left.CompareTo(right) >= 0;
}
