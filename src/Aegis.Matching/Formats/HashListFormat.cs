namespace Aegis.Matching.Formats;

/// <summary>The hash-list file formats Aegis reads and writes.</summary>
public enum HashListFormat
{
    /// <summary>
    /// python-threatexchange's local signal file: one <c>&lt;signal_type&gt; &lt;signal&gt;</c> or bare signal a line,
    /// <c>#</c> comments; see <see cref="ThreatExchangeSignalNames"/>. Extension <c>.txt</c>.
    /// </summary>
    ThreatExchange,

    /// <summary>
    /// CSV (RFC 4180 quoting) with a header naming the columns: <c>hash</c> (required), <c>type</c>, <c>id</c>,
    /// <c>category</c>, <c>list</c>, <c>added_at</c>, <c>added_by</c>, <c>enabled</c>. Extension <c>.csv</c>.
    /// </summary>
    Csv,

    /// <summary>
    /// Aegis's own format: one JSON object a line with the keys <c>type</c>, <c>hash</c>, <c>external_id</c>,
    /// <c>category</c>, <c>list</c>, <c>added_at</c>, <c>added_by</c>, <c>enabled</c>. Extensions <c>.jsonl</c>, <c>.ndjson</c>.
    /// </summary>
    JsonLines,
}
