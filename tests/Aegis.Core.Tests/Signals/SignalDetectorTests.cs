using Aegis.Core.Signals;

namespace Aegis.Core.Tests.Signals;

/// <summary>The detector scores the sextortion script in order, explains every point, and keeps its state small.</summary>
public sealed class SignalDetectorTests
{
    private static readonly SignalDetector Detector = new(PatternMatcher.Compile(StarterBanks.All()));
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Signal? Say(ConversationState state, string from, string? text, int media = 0, AgeBand childAge = AgeBand.From13To15, bool connected = false)
    {
        var fromAdult = from == "adult";
        return Detector.Observe(state, new ConversationMessage(
            $"m{state.Messages}", from, fromAdult ? "child" : "adult", Start.AddMinutes(state.Messages), text, media,
            fromAdult ? AgeBand.Unknown : childAge, fromAdult ? childAge : AgeBand.Unknown, connected));
    }

    [Fact]
    public void Request_then_media_from_the_minor_then_a_threat_is_sextortion_with_every_step_explained()
    {
        var state = new ConversationState();
        Assert.Null(Say(state, "adult", "send me a pic of you"));
        Assert.Null(Say(state, "child", null, media: 1));
        var signal = Say(state, "adult", "pay me $200 or i send them to your followers");

        Assert.NotNull(signal);
        Assert.Equal(SignalKind.Sextortion, signal.Kind);
        Assert.Equal(SequenceScorer.SextortionRule, signal.Rule);
        Assert.Equal(("adult", "child", true), (signal.SuspectId, signal.TargetId, signal.TargetIsMinor));
        Assert.Equal(1.0, signal.Score);
        Assert.Contains(signal.Parts, p => p.Reason.StartsWith("request, media, then threat", StringComparison.Ordinal));
        Assert.Equal(["m0", "m1", "m2"], signal.Evidence.Select(e => e.MessageId).Distinct());
        Assert.Equal(SignalDetector.MediaRule, signal.Evidence[1].Rule);
        Assert.Contains(signal.Evidence, e => e.Rule.StartsWith("aegis-starter-en@2026.12.1/en-threat-to-share-", StringComparison.Ordinal));
        Assert.Equal(Math.Round(signal.Parts.Sum(p => p.Points), 4) >= 1.0, signal.Score == 1.0);

        Assert.Null(Say(state, "adult", "pay now")); // raised once
        Assert.Equal(SignalKind.Sextortion, state.Raised);
    }

    [Fact]
    public void The_same_words_score_less_out_of_order_and_toward_an_adult()
    {
        var minor = new ConversationState();
        Say(minor, "adult", "send me a pic of you");
        Say(minor, "child", null, media: 1);
        Say(minor, "adult", "i will send them to your family");

        var adult = new ConversationState();
        Say(adult, "adult", "i will send them to your family", childAge: AgeBand.Adult);
        Say(adult, "adult", "send me a pic of you", childAge: AgeBand.Adult);
        Say(adult, "child", null, media: 1, childAge: AgeBand.Adult);

        var all = SequenceWeights.Default with { Threshold = 0 };
        var inOrder = SequenceScorer.Score(minor, all)!;
        var outOfOrder = SequenceScorer.Score(adult, all)!;
        Assert.Equal(1.0, inOrder.Score); // 0.35 + 0.12 + 0.2 + 0.15 in order + 0.15 minor + 0.05, capped
        Assert.Equal(0.35 + 0.12 + 0.2 + 0.05, outOfOrder.Score, 6);
        Assert.DoesNotContain(outOfOrder.Parts, p => p.Reason.Contains("in that order", StringComparison.Ordinal) || p.Reason.Contains("minor", StringComparison.Ordinal));
        Assert.False(outOfOrder.TargetIsMinor);
    }

    [Fact]
    public void A_phrase_split_over_two_messages_is_found_and_names_both()
    {
        var state = new ConversationState();
        Say(state, "adult", "dont tell");
        Say(state, "adult", "your parents ok");

        var evidence = Assert.Single(state.Evidence);
        Assert.Equal((SignalCategory.Secrecy, "m1", "m0"), (evidence.Category!.Value, evidence.MessageId, evidence.StartMessageId));
    }

    [Fact]
    public void Grooming_needs_a_minor_and_two_kinds_of_approach_and_connection_weakens_it()
    {
        var stranger = new ConversationState();
        Say(stranger, "adult", "you're so mature for your age");
        Assert.Null(Say(stranger, "adult", "don't tell your parents we talk")); // 0.1 + 0.2 + 0.15 minor + 0.05 = 0.5
        var signal = Say(stranger, "adult", "how old are you?"); // + 0.15
        Assert.Equal(SignalKind.Grooming, signal?.Kind);
        Assert.Equal(SequenceScorer.GroomingRule, signal!.Rule);

        var adult = new ConversationState();
        Say(adult, "adult", "you're so mature for your age", childAge: AgeBand.Adult);
        Say(adult, "adult", "don't tell your parents we talk", childAge: AgeBand.Adult);
        Assert.Null(Say(adult, "adult", "how old are you?", childAge: AgeBand.Adult));

        var family = new ConversationState();
        Say(family, "adult", "you're so mature for your age", connected: true);
        Say(family, "adult", "don't tell your parents we talk", connected: true);
        Assert.Null(Say(family, "adult", "how old are you?", connected: true)); // (0.1 + 0.2 + 0.15 + 0.15) × 0.6
    }

    [Fact]
    public void Features_instead_of_text_and_a_plugged_in_model_score_like_bank_hits()
    {
        var model = new FixedClassifier();
        var detector = new SignalDetector(PatternMatcher.Compile(StarterBanks.All()), classifiers: [model]);
        var state = new ConversationState();
        detector.Observe(state, new ConversationMessage("m0", "adult", "child", Start, null, RecipientAge: AgeBand.From13To15, Features: [SignalCategory.PictureRequest]));
        detector.Observe(state, new ConversationMessage("m1", "child", "adult", Start, null, MediaCount: 1, SenderAge: AgeBand.From13To15));
        var signal = detector.Observe(state, new ConversationMessage("m2", "adult", "child", Start, "xyzzy plugh", RecipientAge: AgeBand.From13To15));

        Assert.Equal(SignalKind.Sextortion, signal?.Kind);
        Assert.Equal([SignalDetector.PlatformRule, SignalDetector.MediaRule, "model:fixed/threat"], signal!.Evidence.Select(e => e.Rule));
        Assert.Equal("xyzzy plugh", signal.Evidence[2].Matched);
    }

    [Fact]
    public void A_third_participant_is_counted_but_not_scored()
    {
        var state = new ConversationState();
        Say(state, "adult", "hi");
        Say(state, "child", "hi");
        Assert.Null(Detector.Observe(state, new ConversationMessage("m2", "other", null, Start, "i have your nudes, pay me 500 or i send them to your followers")));
        Assert.Equal(3, state.Messages);
        Assert.Empty(state.Evidence);
    }

    [Fact]
    public void A_conversation_without_hits_keeps_under_200_bytes()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var states = new ConversationState[1000];
        for (var i = 0; i < states.Length; i++)
        {
            states[i] = new ConversationState();
        }

        var perState = (GC.GetAllocatedBytesForCurrentThread() - before - (states.Length * 8)) / (double)states.Length;
        Assert.InRange(perState, 1, 200);
        GC.KeepAlive(states);
    }

    private sealed class FixedClassifier : IMessageClassifier
    {
        public string Name => "fixed";

        public IReadOnlyList<ClassifierHit> Classify(ClassifierInput input) =>
            input.Tokens.Contains("xyzzy") ? [new ClassifierHit(SignalCategory.ThreatToShare, 0.9, 0, 1, "threat")] : [];
    }
}
