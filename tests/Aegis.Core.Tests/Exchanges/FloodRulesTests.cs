using Aegis.Core.Exchanges;
using Aegis.Core.Gate;
using Aegis.Matching.Banks;
using Aegis.Matching.Matching;

namespace Aegis.Core.Tests.Exchanges;

public sealed class FloodRulesTests
{
    private static readonly FloodRules Rules = FloodRules.Default; // 60 min, 20 matches, 1%, ×10, 100, 24 h, 7 d

    [Theory]
    [InlineData(20, 20, false)] // every upload matched, but never at 20 or fewer
    [InlineData(21, 21, true)]
    [InlineData(21, 2_100, false)] // exactly 1%: not above it
    [InlineData(22, 2_100, true)]
    [InlineData(500, 100_000, false)] // a real hash matching a busy platform's spam wave: 0.5%
    [InlineData(21, 10, true)] // fewer gated than matches (a mark behind): the matches themselves are the floor
    public void An_entry_floods_above_its_minimum_and_above_its_share_of_the_uploads_gated(long matches, long gated, bool floods)
    {
        Assert.Equal(floods, Rules.IsEntryFlood(matches, gated));
    }

    [Theory]
    [InlineData(100, 0.0, false)] // never at the minimum
    [InlineData(101, 0.0, true)] // no history: any rate is far above it
    [InlineData(101, 10.1, false)] // exactly ten times its history is not above it
    [InlineData(101, 10.0, true)]
    [InlineData(5_000, 600.0, false)] // a large exchange's new entries matching like its old ones
    public void An_exchange_floods_when_its_new_entries_match_far_above_its_history(long newMatches, double rate, bool floods)
    {
        Assert.Equal(floods, Rules.IsExchangeFlood(newMatches, rate));
    }

    [Fact]
    public void The_history_is_matches_per_window_before_the_window_and_zero_without_one()
    {
        var now = DateTimeOffset.Parse("2026-03-01T12:07:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var windowStart = Rules.WindowStart(now);
        var window = 60 * 60_000L;

        Assert.Equal(5.0, Rules.HistoricalRate(120, windowStart - (24 * window), windowStart));
        Assert.Equal(0.0, Rules.HistoricalRate(0, windowStart, windowStart));
        Assert.Equal(0.0, Rules.HistoricalRate(7, windowStart + window, windowStart));
    }

    [Fact]
    public void The_window_is_the_current_bucket_and_the_eleven_before_it()
    {
        var now = DateTimeOffset.Parse("2026-03-01T12:07:30Z", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(5 * 60_000, Rules.BucketMillis);
        Assert.Equal(DateTimeOffset.Parse("2026-03-01T12:05:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), Rules.Bucket(now));
        Assert.Equal(DateTimeOffset.Parse("2026-03-01T11:10:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds(), Rules.WindowStart(now));
        Assert.True(Rules.IsNew(now.AddHours(-23), now));
        Assert.False(Rules.IsNew(now.AddHours(-24), now));
    }

    [Fact]
    public void The_defaults_are_valid_and_nonsense_is_named()
    {
        Assert.Null(Rules.Validate());
        Assert.NotNull((Rules with { EntryShare = 0 }).Validate());
        Assert.NotNull((Rules with { MinMatches = 0 }).Validate());
        Assert.NotNull((Rules with { ExchangeFactor = 0.5 }).Validate());
        Assert.NotNull((Rules with { History = TimeSpan.FromMinutes(30) }).Validate());
    }

    [Fact]
    public void A_quarantined_entry_holds_where_it_would_block_and_nothing_else_changes()
    {
        var bad = new BankMatch("feed", 7, SignalType.Md5, 0, BankAction.Block, BankKind.Ordinary);
        var good = new BankMatch("internal", 8, SignalType.Pdq, 3, BankAction.Block, BankKind.Ordinary);
        var held = new BankMatch("review", 9, SignalType.Pdq, 3, BankAction.Hold, BankKind.Ordinary);

        var onlyBad = GatePolicy.Quarantine(new MatchResult([bad], []), new HashSet<long> { 7 });
        var both = GatePolicy.Quarantine(new MatchResult([bad, good], []), new HashSet<long> { 7 });
        var untouched = new MatchResult([held], []);

        Assert.Equal(Verdict.Hold, GatePolicy.Decide(onlyBad));
        Assert.Equal(BankAction.Hold, onlyBad.Matches[0].Action);
        Assert.Equal(Verdict.Block, GatePolicy.Decide(both)); // another entry that blocks still blocks
        Assert.Same(untouched, GatePolicy.Quarantine(untouched, new HashSet<long> { 9 }));
    }
}
