namespace Aegis.Matching.Banks;

/// <summary>Where a bank entry came from.</summary>
/// <param name="List">The hash list it was imported from (e.g. "ncmec-2026-11"), if any.</param>
/// <param name="ExternalId">The list's own id for the entry, if any.</param>
/// <param name="Category">The list's category label, if any.</param>
/// <param name="AddedAt">When it was added to Aegis.</param>
/// <param name="AddedBy">Who added it (a user, an API key name, "import").</param>
public sealed record EntrySource(string? List, string? ExternalId, string? Category, DateTimeOffset AddedAt, string? AddedBy);
