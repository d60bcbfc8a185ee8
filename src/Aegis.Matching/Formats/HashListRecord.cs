using Aegis.Matching.Banks;

namespace Aegis.Matching.Formats;

/// <summary>One entry of a hash list, as read from or written to a list file.</summary>
/// <param name="Type">The kind of hash.</param>
/// <param name="Value">
/// The hash as canonical lowercase hex (PDQ: 64 characters, MD5: 32, SHA-256: 64). The readers only ever produce
/// canonical values; the writers check the value and refuse a record whose value is not valid for its type.
/// </param>
/// <param name="ExternalId">The list's own id for the entry, if any.</param>
/// <param name="Category">The list's category label, if any.</param>
/// <param name="List">The name of the list the entry belongs to, if any.</param>
/// <param name="AddedAt">When the entry was added, if known (the offset is kept as written).</param>
/// <param name="AddedBy">Who added it, if known.</param>
/// <param name="Enabled">False for an entry that is kept but must not match (e.g. a disabled false positive).</param>
public sealed record HashListRecord(
    SignalType Type,
    string Value,
    string? ExternalId,
    string? Category,
    string? List,
    DateTimeOffset? AddedAt,
    string? AddedBy,
    bool Enabled = true);
