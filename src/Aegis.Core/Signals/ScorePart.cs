namespace Aegis.Core.Signals;

/// <summary>One term of a signal's score, so the score can be read as a sum.</summary>
/// <param name="Reason">What was seen, e.g. <c>threat_to_share by the sender</c>.</param>
/// <param name="Points">What it added.</param>
public sealed record ScorePart(string Reason, double Points);
