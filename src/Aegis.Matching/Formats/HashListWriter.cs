namespace Aegis.Matching.Formats;

/// <summary>
/// Writes hash lists in each <see cref="HashListFormat"/>, one record a line ending in "\n". Every value is checked
/// against its type and written as canonical lowercase hex; a record whose value is not a valid hash of its type
/// throws <see cref="ArgumentException"/> rather than being written.
/// </summary>
/// <remarks>
/// <para>JSON lines and CSV keep every field: <see cref="HashListReader"/> reads back records equal to those written,
/// <see cref="HashListRecord.AddedAt"/> offsets included, null and "" told apart.</para>
/// <para>
/// The python-threatexchange format keeps only the type and the hash (<c>pdq</c>, <c>video_md5</c>,
/// <c>video_sha256</c>: the names python-threatexchange uses). A disabled record is written as a comment,
/// <c># disabled: video_md5 &lt;hash&gt;</c>, so that another tool loading the file does not start matching an entry
/// that Aegis has turned off.
/// </para>
/// </remarks>
public static class HashListWriter
{
    /// <summary>The CSV header the writer puts first.</summary>
    public const string CsvHeader = "hash,type,id,category,list,added_at,added_by,enabled";

    /// <summary>Writes <paramref name="records"/> (enumerated once, lazily) and returns how many were written.</summary>
    /// <param name="writer">Where to write; not flushed or closed.</param>
    /// <param name="format">The format.</param>
    /// <param name="records">The records.</param>
    public static long Write(TextWriter writer, HashListFormat format, IEnumerable<HashListRecord> records)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(records);
        IRecordWriter recordWriter = format switch
        {
            HashListFormat.ThreatExchange => new ThreatExchangeRecordWriter(writer),
            HashListFormat.Csv => new CsvRecordWriter(writer),
            HashListFormat.JsonLines => new JsonLinesRecordWriter(writer),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown hash-list format."),
        };

        using var disposable = recordWriter as IDisposable;
        long count = 0;
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record, nameof(records));
            recordWriter.Write(record, CanonicalValue(record, count));
            count++;
        }

        return count;
    }

    private static string CanonicalValue(HashListRecord record, long index)
    {
        if (!Enum.IsDefined(record.Type))
        {
            throw new ArgumentException($"Record {index}: unknown signal type {(int)record.Type}.", nameof(record));
        }

        return SignalValues.TryCanonicalize(record.Type, (record.Value ?? "").AsSpan(), out var value, out var reason)
            ? value
            : throw new ArgumentException($"Record {index}: {reason}.", nameof(record));
    }

    /// <summary>Writes one record a line.</summary>
    internal interface IRecordWriter
    {
        void Write(HashListRecord record, string canonicalValue);
    }

    private sealed class ThreatExchangeRecordWriter(TextWriter writer) : IRecordWriter
    {
        public void Write(HashListRecord record, string canonicalValue)
        {
            if (!record.Enabled)
            {
                writer.Write("# disabled: ");
            }

            writer.Write(ThreatExchangeSignalNames.GetName(record.Type));
            writer.Write(' ');
            writer.Write(canonicalValue);
            writer.Write('\n');
        }
    }
}
