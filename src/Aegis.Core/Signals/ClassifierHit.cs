namespace Aegis.Core.Signals;

/// <summary>One thing a classifier recognised, in the same terms as a bank hit.</summary>
/// <param name="Category">The category.</param>
/// <param name="Weight">Its confidence as a weight in (0, 1].</param>
/// <param name="StartToken">The first normalised token it rests on.</param>
/// <param name="EndToken">The last (inclusive).</param>
/// <param name="Label">The model's own label, shown in the rule name.</param>
public sealed record ClassifierHit(SignalCategory Category, double Weight, int StartToken, int EndToken, string Label);
