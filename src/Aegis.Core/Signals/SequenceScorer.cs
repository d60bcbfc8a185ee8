namespace Aegis.Core.Signals;

/// <summary>
/// Scores a conversation's state with stated weights (<see cref="SequenceWeights"/>), for each side as the possible
/// suspect and the other as the target, and returns the strongest signal at or above the threshold.
/// <para>Sextortion (<c>sextortion.sequence</c>): picture request + media from the target after it + threat to share,
/// claim to hold images, payment demand + the whole script in order + target a declared minor + not connected; it
/// needs threat, claim and demand terms of at least <see cref="SequenceWeights.MinCoercion"/> from the suspect.</para>
/// <para>Grooming (<c>grooming.accumulation</c>): flattery, age question, secrecy, moving app, picture request, sexual
/// talk, meeting request from the suspect + the target's age statement + target a declared minor + not connected,
/// times <see cref="SequenceWeights.ConnectedFactor"/> when connected; it needs a target not declared adult, some sign
/// of a minor (declared, asked, or stated), and at least <see cref="SequenceWeights.GroomingMinCategories"/> categories.</para>
/// </summary>
public static class SequenceScorer
{
    /// <summary>The rule name of a sextortion signal.</summary>
    public const string SextortionRule = "sextortion.sequence";

    /// <summary>The rule name of a grooming signal.</summary>
    public const string GroomingRule = "grooming.accumulation";

    private static readonly (SignalCategory Category, Func<SequenceWeights, double> Weight)[] GroomingTerms =
    [
        (SignalCategory.Flattery, w => w.Flattery),
        (SignalCategory.AgeQuestion, w => w.AgeQuestion),
        (SignalCategory.Secrecy, w => w.Secrecy),
        (SignalCategory.MovePlatform, w => w.MovePlatform),
        (SignalCategory.PictureRequest, w => w.GroomingPictureRequest),
        (SignalCategory.SexualTalk, w => w.SexualTalk),
        (SignalCategory.MeetingRequest, w => w.MeetingRequest),
    ];

    /// <summary>The strongest signal of <paramref name="state"/>, or null when nothing reaches the threshold.</summary>
    public static Signal? Score(ConversationState state, SequenceWeights weights)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(weights);
        Signal? best = null;
        for (var suspect = 0; suspect < 2; suspect++)
        {
            if (state.Participant(suspect) is null)
            {
                continue;
            }

            foreach (var signal in new[] { Sextortion(state, suspect, weights), Grooming(state, suspect, weights) })
            {
                if (signal is not null && signal.Score >= weights.Threshold
                    && (best is null || signal.Kind > best.Kind || (signal.Kind == best.Kind && signal.Score > best.Score)))
                {
                    best = signal;
                }
            }
        }

        return best;
    }

    private static Signal? Sextortion(ConversationState state, int s, SequenceWeights w)
    {
        var parts = new List<ScorePart>();
        Term(parts, state, s, SignalCategory.ThreatToShare, w.ThreatToShare, "by the sender");
        Term(parts, state, s, SignalCategory.ImageLeverage, w.ImageLeverage, "by the sender");
        Term(parts, state, s, SignalCategory.PaymentDemand, w.PaymentDemand, "by the sender");
        if (parts.Sum(p => p.Points) < w.MinCoercion)
        {
            return null;
        }

        Term(parts, state, s, SignalCategory.PictureRequest, w.PictureRequest, "by the sender");
        if (state.MediaAfterRequestAt(s) != 0)
        {
            parts.Add(new ScorePart("media from the other side after the request", w.MediaAfterRequest));
        }

        if (state.DemandAfterMediaAt(s) != 0)
        {
            parts.Add(new ScorePart("request, media, then threat or demand, in that order", w.InOrder));
        }

        return Finish(SignalKind.Sextortion, SextortionRule, state, s, parts, w, 1.0);
    }

    private static Signal? Grooming(ConversationState state, int s, SequenceWeights w)
    {
        var t = 1 - s;
        if (state.Age(t) == AgeBand.Adult || state.Participant(t) is null)
        {
            return null;
        }

        var parts = new List<ScorePart>();
        foreach (var (category, weight) in GroomingTerms)
        {
            Term(parts, state, s, category, weight(w), "by the sender");
        }

        if (parts.Count < w.GroomingMinCategories)
        {
            return null;
        }

        Term(parts, state, t, SignalCategory.AgeStatement, w.AgeStatement, "by the other side");
        var minor = SignalRules.IsMinor(state.Age(t)) || state.Weight(s, SignalCategory.AgeQuestion) > 0 || state.Weight(t, SignalCategory.AgeStatement) > 0;
        return minor ? Finish(SignalKind.Grooming, GroomingRule, state, s, parts, w, state.Connected ? w.ConnectedFactor : 1.0) : null;
    }

    private static Signal Finish(SignalKind kind, string rule, ConversationState state, int s, List<ScorePart> parts, SequenceWeights w, double factor)
    {
        var t = 1 - s;
        var targetMinor = SignalRules.IsMinor(state.Age(t));
        if (targetMinor)
        {
            parts.Add(new ScorePart("the other side is a declared minor", w.TargetMinor));
        }

        if (!state.Connected)
        {
            parts.Add(new ScorePart("the accounts are not connected", w.NotConnected));
        }

        var sum = parts.Sum(p => p.Points);
        if (factor != 1.0)
        {
            parts.Add(new ScorePart($"the accounts are connected: score × {factor}", (sum * factor) - sum));
            sum *= factor;
        }

        var suspect = state.Participant(s)!;
        return new Signal(
            kind,
            Math.Min(1.0, Math.Round(sum, 4)),
            rule,
            suspect,
            state.Participant(t) ?? "",
            targetMinor,
            parts,
            [.. state.Evidence.Where(e => e.SenderId == suspect || e.Category is SignalCategory.AgeStatement || e.Category is null)]);
    }

    private static void Term(List<ScorePart> parts, ConversationState state, int slot, SignalCategory category, double points, string who)
    {
        var seen = state.Weight(slot, category);
        if (seen > 0)
        {
            parts.Add(new ScorePart($"{SignalCategories.Name(category)} {who}", Math.Round(points * seen, 4)));
        }
    }

}
