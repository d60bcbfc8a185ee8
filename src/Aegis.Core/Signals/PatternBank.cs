namespace Aegis.Core.Signals;

/// <summary>A curated, versioned bank of phrases in one language, kept and exchanged as data like a hash bank.</summary>
/// <param name="Name">The bank's name, e.g. <c>aegis-starter-en</c>.</param>
/// <param name="Version">Its version, e.g. <c>2026.12.1</c>; a changed entry makes a new version.</param>
/// <param name="Language">The language of its phrases (BCP 47: <c>en</c>, <c>es</c>).</param>
/// <param name="Entries">Its entries.</param>
public sealed record PatternBank(string Name, string Version, string Language, IReadOnlyList<PatternEntry> Entries);
