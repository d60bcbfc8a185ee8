using Aegis.Core.Signals;

namespace Aegis.Core.Tests.Signals;

/// <summary>The compiled banks find their phrases through disguises, small gaps and alternatives, and nothing else.</summary>
public sealed class PatternMatcherTests
{
    private static readonly PatternMatcher Matcher = PatternMatcher.Compile(
    [
        new PatternBank("t", "1", "en",
        [
            new PatternEntry("req", SignalCategory.PictureRequest, "send (me|us) your (pics|nudes)"),
            new PatternEntry("pay", SignalCategory.PaymentDemand, "pay me {num}", 0.8),
            new PatternEntry("gift", SignalCategory.PaymentDemand, "buy me a gift card", 0.7),
            new PatternEntry("secret", SignalCategory.Secrecy, "our secret"),
        ]),
    ]);

    private static string[] Hits(string text) =>
        [.. Matcher.Match(text, new MatchScratch()).ToArray().Select(h => Matcher.Entries[h.Entry].Entry.Id)];

    [Theory]
    [InlineData("send me your pics", "req")]
    [InlineData("SEND US UR NUDES", "req")]
    [InlineData("s3nd m3 ur p1cs", "req")]
    [InlineData("send me some of your pics pls", "req")] // two words skipped
    [InlineData("s e n d  m e  y o u r  p i c s", "req")]
    [InlineData("sendmeyourpics", "")] // a run-together word is split only when it came spaced out
    [InlineData("s e n d m e y o u r p i c s", "req")] // spaced out with one kind of space: split into bank words
    [InlineData("pay me $500", "pay")]
    [InlineData("buy me a 🎁💳", "gift")]
    [InlineData("this is 🤫 our s3cr3t", "secret")]
    [InlineData("send me the address of your pics store", "")] // three words skipped: too far
    [InlineData("your pics send me", "")]
    [InlineData("hello there", "")]
    public void Phrases_hit_through_disguises(string text, string ids) =>
        Assert.Equal(ids.Length == 0 ? [] : ids.Split(','), Hits(text));

    [Fact]
    public void A_hit_names_its_span_and_words()
    {
        var scratch = new MatchScratch();
        var hit = Assert.Single(Matcher.Match("hey send me all your pics now", scratch).ToArray());
        Assert.Equal((1, 5), (hit.Start, hit.End));
        Assert.Equal("send me … your pics", Matcher.Describe(scratch, hit));
        Assert.Equal("t@1/req", Matcher.Entries[hit.Entry].Name);
    }

    [Fact]
    public void A_phrase_split_over_two_messages_hits_with_the_previous_words_as_prefix()
    {
        var scratch = new MatchScratch();
        Matcher.Match("send me", scratch);
        int[] tail = [.. scratch.Ids];

        var hit = Assert.Single(Matcher.Match("your pics", tail, scratch).ToArray());
        Assert.Equal(0, hit.Start);
        Assert.Empty(Matcher.Match("our", tail, scratch).ToArray());
    }

    [Fact]
    public void Five_thousand_entries_compile_and_match()
    {
        var bank = new PatternBank("big", "1", "en",
            [.. Enumerable.Range(0, 5000).Select(i => new PatternEntry($"e{i}", SignalCategory.Secrecy, $"word{i % 300} thing{i} (a|b) word{i % 7}"))]);
        var matcher = PatternMatcher.Compile([bank]);
        var scratch = new MatchScratch();

        var hit = Assert.Single(matcher.Match("so word42 thing4242 b word0 ok", scratch).ToArray());
        Assert.Equal("e4242", matcher.Entries[hit.Entry].Entry.Id);
    }
}
