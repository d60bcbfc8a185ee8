using Aegis.Core.Signals;

namespace Aegis.Core.Tests.Signals;

/// <summary>
/// A conversation's state kept as bytes between messages (on any node) goes on exactly as the state kept in memory:
/// the same signals at the same messages, with the same explanation; a damaged or unknown state is refused.
/// </summary>
public sealed class ConversationStateFormatTests
{
    private static readonly SignalDetector Detector = new(PatternMatcher.Compile(StarterBanks.All()));
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly (string From, string? Text, int Media)[] Script =
    [
        ("adult", "hey you look cute, how old are you?", 0),
        ("child", "13", 0),
        ("adult", "send me a pic of you", 0),
        ("child", null, 1),
        ("adult", "pay me $200 in gift cards", 0),
        ("adult", "or i send them to your followers", 0),
    ];

    private static Signal? Say(ConversationState state, int i) => Detector.Observe(state, new ConversationMessage(
        $"m{i}", Script[i].From, Script[i].From == "adult" ? "child" : "adult", Start.AddMinutes(i), Script[i].Text, Script[i].Media,
        Script[i].From == "adult" ? AgeBand.Adult : AgeBand.From13To15, Script[i].From == "adult" ? AgeBand.From13To15 : AgeBand.Adult));

    [Fact]
    public void A_state_stored_after_every_message_raises_what_the_state_in_memory_raises()
    {
        var memory = new ConversationState();
        var stored = new ConversationState().ToBytes();
        for (var i = 0; i < Script.Length; i++)
        {
            var expected = Say(memory, i);
            var state = ConversationState.FromBytes(stored);
            var actual = Say(state, i);
            stored = state.ToBytes();

            Assert.Equal(expected?.Kind, actual?.Kind);
            Assert.Equal(expected?.Score, actual?.Score);
            Assert.Equal(expected?.Evidence.Select(e => (e.MessageId, e.Rule, e.Weight)), actual?.Evidence.Select(e => (e.MessageId, e.Rule, e.Weight)));
        }

        var back = ConversationState.FromBytes(stored);
        Assert.Equal((memory.First, memory.Second, memory.Messages, memory.Raised, memory.LastAt), (back.First, back.Second, back.Messages, back.Raised, back.LastAt));
        Assert.Equal(SignalKind.Sextortion, back.Raised);
        Assert.Equal(memory.Evidence, back.Evidence);
        Assert.Equal(memory.ToBytes(), stored);
    }

    [Fact]
    public void A_state_without_hits_is_small_and_damaged_bytes_are_refused()
    {
        var state = new ConversationState();
        Detector.Observe(state, new ConversationMessage("m0", "a", "b", Start, "see you at practice", 0, AgeBand.Adult, AgeBand.Adult, true));
        var bytes = state.ToBytes();
        Assert.InRange(bytes.Length, 1, 160);

        Assert.Throws<FormatException>(() => ConversationState.FromBytes(bytes[..^3]));
        Assert.Throws<FormatException>(() => ConversationState.FromBytes([2, .. bytes[1..]]));
        Assert.Throws<FormatException>(() => ConversationState.FromBytes([]));
    }
}
