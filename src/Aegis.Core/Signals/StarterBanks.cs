namespace Aegis.Core.Signals;

/// <summary>
/// The curated starter banks shipped with Aegis (<c>Signals/Banks/*.jsonl</c>, English and Spanish): phrases that
/// describe the sextortion and grooming scripts in general terms, written for Aegis, not taken from real messages.
/// A platform exports, edits and imports them like any bank.
/// </summary>
public static class StarterBanks
{
    /// <summary>The starter banks' names.</summary>
    public static IReadOnlyList<string> Names { get; } = ["aegis-starter-en", "aegis-starter-es"];

    /// <summary>Every starter bank.</summary>
    public static IReadOnlyList<PatternBank> All() => [.. Names.Select(Load)];

    /// <summary>The starter bank named <paramref name="name"/>.</summary>
    public static PatternBank Load(string name)
    {
        using var stream = typeof(StarterBanks).Assembly.GetManifestResourceStream($"Aegis.Core.Signals.Banks.{name}.jsonl")
            ?? throw new ArgumentException($"no starter bank '{name}'", nameof(name));
        using var reader = new StreamReader(stream);
        return PatternBankFormat.Read(reader);
    }
}
