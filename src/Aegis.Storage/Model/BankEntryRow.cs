using Aegis.Matching.Banks;

namespace Aegis.Storage.Model;

/// <summary>A row of <c>bank_entries</c>; (bank, type, value) is unique, so duplicates within a bank merge.</summary>
internal sealed class BankEntryRow
{
    public long Id { get; set; }

    public int BankId { get; set; }

    public SignalType Type { get; set; }

    /// <summary>Canonical lowercase hex; for a vPDQ signal, the SHA-256 of <see cref="Signal"/> (so it can be unique).</summary>
    public required string Value { get; set; }

    /// <summary>The canonical vPDQ signal (a JSON list); null for the other types.</summary>
    public string? Signal { get; set; }

    public string? List { get; set; }

    public string? ExternalId { get; set; }

    public string? Category { get; set; }

    public DateTimeOffset AddedAt { get; set; }

    public string? AddedBy { get; set; }

    public bool Enabled { get; set; }

    /// <summary>
    /// Notes and metadata on the content, as HMA keeps them (<c>note</c>, <c>content_uri</c>, <c>json</c>, <c>collab</c>):
    /// a JSON object of at most <see cref="BankStore.MaxEntryMetadataLength"/> characters, or null. Not read to match.
    /// </summary>
    public string? Metadata { get; set; }

    /// <summary>The case whose confirmation banked it (the takedown cascade), if any: an overturned appeal disables these.</summary>
    public long? CaseId { get; set; }

    /// <summary>
    /// The exchange that holds it (its records keep it enabled; <see cref="List"/> is the exchange's name), or null for an
    /// entry a person, an import or a case added: an exchange listing the same hash never takes such an entry over.
    /// </summary>
    public int? ExchangeId { get; set; }

    /// <summary>The key of the exchange record whose provenance it shows (<see cref="ExternalId"/>, <see cref="Category"/>, <see cref="Member"/>).</summary>
    public string? RecordKey { get; set; }

    /// <summary>Who shared it at the exchange (an NCMEC member, a ThreatExchange app), if it says.</summary>
    public string? Member { get; set; }

    /// <summary>When the flood guard quarantined it (its matches hold instead of block), or null; cleared by a curator's release.</summary>
    public DateTimeOffset? QuarantinedAt { get; set; }

    /// <summary>When a curator released it from quarantine: the flood guard leaves it alone from then on.</summary>
    public DateTimeOffset? FloodReleasedAt { get; set; }

    public BankEntry ToEntry(string bank) => new(Id, bank, Type, Signal ?? Value, Source(), Enabled);

    public EntrySource Source() => new(List, ExternalId, Category, AddedAt, AddedBy)
    {
        Exchange = ExchangeId is null ? null : List,
        RecordKey = RecordKey,
        Member = Member,
    };
}
