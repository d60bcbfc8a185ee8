namespace Aegis.Core.Signals;

/// <summary>
/// Runs the detectors over one message of a conversation: normalise and match the banks (carrying the last words of
/// the sender's previous message, so a phrase split over two messages still hits), take the platform's features and
/// any plugged-in classifier, update the conversation's state, and score it. Returns a signal the first time a kind
/// is reached (grooming, then sextortion if it escalates). Thread-safe for different conversations (the scratch is
/// per thread); messages of one conversation must be observed one at a time.
/// </summary>
/// <param name="matcher">The compiled banks.</param>
/// <param name="weights">The sequence weights; <see cref="SequenceWeights.Default"/> when null.</param>
/// <param name="classifiers">Plugged-in models; none when null.</param>
public sealed class SignalDetector(PatternMatcher matcher, SequenceWeights? weights = null, IReadOnlyList<IMessageClassifier>? classifiers = null)
{
    /// <summary>The rule name of media answering a picture request.</summary>
    public const string MediaRule = "media-after-request";

    /// <summary>The rule name of a category the platform sent as a feature.</summary>
    public const string PlatformRule = "platform";

    [ThreadStatic]
    private static MatchScratch? t_scratch;

    private readonly SequenceWeights _weights = weights ?? SequenceWeights.Default;

    /// <summary>The compiled banks.</summary>
    public PatternMatcher Matcher => matcher;

    /// <summary>Observes <paramref name="message"/>; returns a signal when the conversation first reaches a kind.</summary>
    public Signal? Observe(ConversationState state, ConversationMessage message)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(message);
        var slot = state.Observe(message);
        if (slot < 0)
        {
            return null;
        }

        if (message.Text is { Length: > 0 } text)
        {
            Read(state, slot, message, text);
        }
        else
        {
            state.SetTail(slot, [], null);
        }

        foreach (var category in message.Features ?? [])
        {
            Hit(state, slot, message, PlatformRule, category, 1.0, "", null);
        }

        if (message.MediaCount > 0 && state.Media(slot))
        {
            state.Add(new SignalEvidence(message.MessageId, message.SenderId, MediaRule, null, 1.0, $"{message.MediaCount} attachment(s)"));
        }

        if (!state.TakeChanged() || state.Raised == SignalKind.Sextortion)
        {
            return null; // nothing a score reads changed, or the strongest kind is already raised
        }

        var signal = SequenceScorer.Score(state, _weights);
        if (signal is null || signal.Kind <= state.Raised)
        {
            return null;
        }

        state.Raised = signal.Kind;
        return signal;
    }

    private static void Hit(ConversationState state, int slot, ConversationMessage message, string rule, SignalCategory category, double weight, string matched, string? start)
    {
        state.See(slot, category, weight);
        state.Add(new SignalEvidence(message.MessageId, message.SenderId, rule, category, weight, matched, start));
    }

    private void Read(ConversationState state, int slot, ConversationMessage message, string text)
    {
        var scratch = t_scratch ??= new MatchScratch();
        var prefix = state.TailOf(slot);
        var prefixLength = prefix.Length;
        var startMessage = state.TailMessageId;
        foreach (var hit in matcher.Match(text, prefix, scratch))
        {
            var rule = matcher.Entries[hit.Entry];
            Hit(state, slot, message, rule.Name, rule.Entry.Category, rule.Entry.Weight, matcher.Describe(scratch, hit), hit.Start < prefixLength ? startMessage : null);
        }

        if (classifiers is { Count: > 0 })
        {
            var tokens = scratch.Tokens.ToArray();
            foreach (var classifier in classifiers)
            {
                foreach (var hit in classifier.Classify(new ClassifierInput(text, tokens)))
                {
                    var matched = string.Join(' ', tokens.Skip(hit.StartToken).Take(Math.Max(0, hit.EndToken - hit.StartToken + 1)));
                    Hit(state, slot, message, $"model:{classifier.Name}/{hit.Label}", hit.Category, Math.Clamp(hit.Weight, 0.01, 1.0), matched, null);
                }
            }
        }

        state.SetTail(slot, scratch.Ids[prefixLength..], message.MessageId);
    }
}
