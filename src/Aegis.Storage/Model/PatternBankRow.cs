namespace Aegis.Storage.Model;

/// <summary>A row of <c>pattern_banks</c>: a curated bank of message patterns, stored in its exchange format (JSON lines).</summary>
internal sealed class PatternBankRow
{
    public required string Name { get; set; }

    public required string Version { get; set; }

    public required string Language { get; set; }

    public int Entries { get; set; }

    /// <summary>The bank in <see cref="Core.Signals.PatternBankFormat"/>.</summary>
    public required string Body { get; set; }

    public bool Enabled { get; set; } = true;

    public DateTimeOffset UpdatedAt { get; set; }

    public required string UpdatedBy { get; set; }
}
