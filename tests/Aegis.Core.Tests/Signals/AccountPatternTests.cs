using Aegis.Core.Signals;

namespace Aegis.Core.Tests.Signals;

/// <summary>One sender reaching many unconnected minors in a window is a signal; friends, adults and slow outreach are not.</summary>
public sealed class AccountPatternTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly OutreachRule Rule = new(MinMinors: 5, Window: TimeSpan.FromHours(24));

    private static ConversationOpening Open(string sender, int recipient, double hours, AgeBand age = AgeBand.From13To15, bool connected = false) =>
        new($"{sender}-{recipient}-{hours}", sender, $"r{recipient}", age, connected, Start.AddHours(hours));

    [Fact]
    public void Five_unconnected_minors_within_a_day_is_a_signal_with_its_window()
    {
        var signal = Assert.Single(AccountPatterns.MinorOutreach(
        [
            Open("s", 1, 0), Open("s", 2, 2), Open("s", 3, 30), Open("s", 4, 31), Open("s", 5, 40), Open("s", 6, 45), Open("s", 7, 50),
        ], Rule));

        Assert.Equal(("s", 5), (signal.SenderId, signal.Minors));
        Assert.Equal((Start.AddHours(30), Start.AddHours(50)), (signal.From, signal.To));
        Assert.Equal(5, signal.ConversationIds.Count);
    }

    [Fact]
    public void Connected_adult_repeated_or_spread_out_recipients_do_not_count()
    {
        Assert.Empty(AccountPatterns.MinorOutreach(
        [
            Open("s", 1, 0), Open("s", 1, 1), Open("s", 1, 2), // one recipient, three times
            Open("s", 2, 1, connected: true), Open("s", 3, 1, connected: true),
            Open("s", 4, 2, AgeBand.Adult), Open("s", 5, 2, AgeBand.Unknown),
            Open("s", 6, 3), Open("s", 7, 4),
            Open("s", 8, 100), Open("s", 9, 200),
        ], Rule));
    }
}
