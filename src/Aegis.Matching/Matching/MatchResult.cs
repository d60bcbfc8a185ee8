namespace Aegis.Matching.Matching;

/// <summary>
/// The matches of one upload. When a negative bank matched, <see cref="Matches"/> holds the
/// negative matches (why nothing happens) and the ordinary matches they cancel are in
/// <see cref="Suppressed"/>, kept for the record.
/// </summary>
public sealed record MatchResult(IReadOnlyList<BankMatch> Matches, IReadOnlyList<BankMatch> Suppressed)
{
    public static MatchResult None { get; } = new([], []);

    /// <summary>Ordinary matches that count (not suppressed).</summary>
    public IEnumerable<BankMatch> Effective => Matches.Where(m => m.Kind == Banks.BankKind.Ordinary);
}
