namespace Aegis.Storage.Model;

/// <summary>
/// A row of <c>exchange_records</c>: one record of an exchange holding one bank entry, with the provenance the record
/// gave it. A hash listed by several records (several members sharing one image) is one entry held by several rows: it
/// stays enabled while any of them holds it. (exchange, record key, entry) is unique.
/// </summary>
internal sealed class ExchangeRecordRow
{
    public long Id { get; set; }

    public int ExchangeId { get; set; }

    public required string RecordKey { get; set; }

    public long EntryId { get; set; }

    /// <summary>The exchange's id for the record (NCMEC's entry id, …).</summary>
    public string? ExternalId { get; set; }

    public string? Member { get; set; }

    public string? Category { get; set; }

    /// <summary>For an exchange that lists everything each time: the listing that last held the record.</summary>
    public string? Listing { get; set; }
}
