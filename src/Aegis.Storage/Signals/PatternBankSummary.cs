namespace Aegis.Storage;

/// <summary>A stored pattern bank, without its entries.</summary>
public sealed record PatternBankSummary(string Name, string Version, string Language, int Entries, bool Enabled, DateTimeOffset UpdatedAt, string UpdatedBy);
