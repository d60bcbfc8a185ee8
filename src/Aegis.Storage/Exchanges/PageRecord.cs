using Aegis.Core.Input;
using Aegis.Exchanges;
using Aegis.Matching.Banks;

namespace Aegis.Storage;

/// <summary>An exchange record as a page applies it: its key, its hashes in stored form, and its provenance, cleaned.</summary>
internal sealed record PageRecord(string Key, IReadOnlyList<PageSignal> Signals, string? ExternalId, string? Member, string? Category)
{
    /// <summary>
    /// The page's records, one per key (the last of a key wins), their hashes checked and stored as the bank stores them.
    /// A record whose key is not a valid id, and a hash that is not one of its type, are left out (counted in
    /// <paramref name="skipped"/>); a provenance field that is not a valid label is dropped.
    /// </summary>
    public static IReadOnlyList<PageRecord> From(IReadOnlyList<ExchangeRecord> records, out int skipped)
    {
        skipped = 0;
        var byKey = new Dictionary<string, PageRecord>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record?.Key is not { } key || Identifier.Validate("key", key) is not null)
            {
                skipped++;
                continue;
            }

            var signals = new List<PageSignal>(record.Signals.Count);
            foreach (var signal in record.Signals)
            {
                try
                {
                    var (value, text) = HashValues.Stored(signal.Type, HashValues.Canonical(signal.Type, signal.Value));
                    if (!signals.Any(s => s.Type == signal.Type && s.Value == value))
                    {
                        signals.Add(new PageSignal(signal.Type, value, text));
                    }
                }
                catch (BankStoreException)
                {
                    skipped++;
                }
            }

            if (record.Signals.Count > 0 && signals.Count == 0)
            {
                continue; // every hash unreadable: not a deletion, just nothing to apply
            }

            var p = record.Provenance;
            byKey.Remove(key);
            byKey[key] = new PageRecord(key, signals, Label(p?.EntryId), Label(p?.Member), Label(p?.Category));
        }

        return [.. byKey.Values];
    }

    private static string? Label(string? value) => string.IsNullOrWhiteSpace(value) || Identifier.Validate("label", value) is not null ? null : value;
}

/// <summary>One hash of a record: its type, the bank's stored value (hex, or a vPDQ signal's SHA-256) and a vPDQ signal's text.</summary>
internal readonly record struct PageSignal(SignalType Type, string Value, string? Signal);
