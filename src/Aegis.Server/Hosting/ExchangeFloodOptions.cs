using System.Globalization;
using Aegis.Core.Exchanges;

namespace Aegis.Server.Hosting;

/// <summary>The exchanges' flood guard (<c>Exchanges:Flood:*</c>; docs/operations.md, "Hash exchanges").</summary>
public sealed class ExchangeFloodOptions
{
    /// <summary>Whether the gate counts exchange entries' matches and quarantines those that flood.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The window counts are kept over, in minutes.</summary>
    public int WindowMinutes { get; set; } = 60;

    /// <summary>An entry is never quarantined with this many matches or fewer in the window.</summary>
    public int MinMatches { get; set; } = 20;

    /// <summary>The share of the uploads gated in the window an entry's matches must exceed to be quarantined.</summary>
    public double EntryShare { get; set; } = 0.01;

    /// <summary>How many times the exchange's historical matches per window its new entries must match.</summary>
    public double ExchangeFactor { get; set; } = 10;

    /// <summary>An exchange is never quarantined with this many new-entry matches or fewer in the window.</summary>
    public int ExchangeMinMatches { get; set; } = 100;

    /// <summary>How long, in hours, an exchange's entry counts as new.</summary>
    public int NewEntryHours { get; set; } = 24;

    /// <summary>How far back, in days, an exchange's historical rate is taken.</summary>
    public int HistoryDays { get; set; } = 7;

    /// <summary>The rules these settings make.</summary>
    internal FloodRules Rules => new(
        TimeSpan.FromMinutes(WindowMinutes), MinMatches, EntryShare, ExchangeFactor, ExchangeMinMatches, TimeSpan.FromHours(NewEntryHours), TimeSpan.FromDays(HistoryDays));

    internal static void Validate(ExchangeFloodOptions o, List<string> problems)
    {
        Range(problems, "WindowMinutes", o.WindowMinutes, 1, 24 * 60);
        Range(problems, "MinMatches", o.MinMatches, 1, 1_000_000);
        Range(problems, "ExchangeMinMatches", o.ExchangeMinMatches, 1, 1_000_000);
        Range(problems, "NewEntryHours", o.NewEntryHours, 1, 24 * 30);
        Range(problems, "HistoryDays", o.HistoryDays, 1, 90);
        if (o.EntryShare is <= 0 or > 1 || double.IsNaN(o.EntryShare))
        {
            problems.Add(Invariant($"Exchanges:Flood:EntryShare (AEGIS_EXCHANGES__FLOOD__ENTRYSHARE) is above 0 and at most 1; got {o.EntryShare}."));
        }

        if (o.ExchangeFactor is < 1 or > 1_000_000 || double.IsNaN(o.ExchangeFactor))
        {
            problems.Add(Invariant($"Exchanges:Flood:ExchangeFactor (AEGIS_EXCHANGES__FLOOD__EXCHANGEFACTOR) is 1 to 1000000; got {o.ExchangeFactor}."));
        }

        if (o.HistoryDays * 24 * 60 <= o.WindowMinutes)
        {
            problems.Add(Invariant($"Exchanges:Flood:HistoryDays (AEGIS_EXCHANGES__FLOOD__HISTORYDAYS) is longer than Exchanges:Flood:WindowMinutes; got {o.HistoryDays} d and {o.WindowMinutes} min."));
        }
    }

    private static void Range(List<string> problems, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            problems.Add(Invariant($"Exchanges:Flood:{name} (AEGIS_EXCHANGES__FLOOD__{name.ToUpperInvariant()}) is {min} to {max}; got {value}."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
