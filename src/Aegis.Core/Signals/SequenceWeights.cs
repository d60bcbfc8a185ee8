namespace Aegis.Core.Signals;

/// <summary>
/// The stated weights of <see cref="SequenceScorer"/>. Each category term is multiplied by the strongest weight of the
/// entries that hit it. The defaults are the ones docs/signals.md explains.
/// </summary>
public sealed record SequenceWeights
{
    /// <summary>The defaults.</summary>
    public static SequenceWeights Default { get; } = new();

    /// <summary>A score at or above this raises a signal.</summary>
    public double Threshold { get; init; } = 0.6;

    /// <summary>
    /// Sextortion: the threat, claim and demand terms must add up to at least this (an amount or a joking "I'll send
    /// this to everyone" alone is not coercion).
    /// </summary>
    public double MinCoercion { get; init; } = 0.15;

    /// <summary>Sextortion: the sender asked for pictures.</summary>
    public double PictureRequest { get; init; } = 0.20;

    /// <summary>Sextortion: the other side sent media after that request.</summary>
    public double MediaAfterRequest { get; init; } = 0.20;

    /// <summary>Sextortion: a threat to share intimate images.</summary>
    public double ThreatToShare { get; init; } = 0.35;

    /// <summary>Sextortion: a claim to hold the other's images.</summary>
    public double ImageLeverage { get; init; } = 0.20;

    /// <summary>Sextortion: a demand for money.</summary>
    public double PaymentDemand { get; init; } = 0.25;

    /// <summary>Sextortion: the threat or demand came after the media that followed the request (the whole script, in order).</summary>
    public double InOrder { get; init; } = 0.15;

    /// <summary>Either kind: the target's declared age band is under 18.</summary>
    public double TargetMinor { get; init; } = 0.15;

    /// <summary>Either kind: the accounts are not connected.</summary>
    public double NotConnected { get; init; } = 0.05;

    /// <summary>Grooming: flattery.</summary>
    public double Flattery { get; init; } = 0.10;

    /// <summary>Grooming: the sender asked the target's age.</summary>
    public double AgeQuestion { get; init; } = 0.15;

    /// <summary>Grooming: the target stated an age.</summary>
    public double AgeStatement { get; init; } = 0.10;

    /// <summary>Grooming: secrecy.</summary>
    public double Secrecy { get; init; } = 0.20;

    /// <summary>Grooming: moving to another app.</summary>
    public double MovePlatform { get; init; } = 0.15;

    /// <summary>Grooming: a request for pictures.</summary>
    public double GroomingPictureRequest { get; init; } = 0.20;

    /// <summary>Grooming: sexual talk.</summary>
    public double SexualTalk { get; init; } = 0.20;

    /// <summary>Grooming: a request to meet.</summary>
    public double MeetingRequest { get; init; } = 0.15;

    /// <summary>Grooming: the score is multiplied by this when the accounts are connected (family, friends).</summary>
    public double ConnectedFactor { get; init; } = 0.6;

    /// <summary>Grooming: at least this many distinct grooming categories from the sender.</summary>
    public int GroomingMinCategories { get; init; } = 2;
}
