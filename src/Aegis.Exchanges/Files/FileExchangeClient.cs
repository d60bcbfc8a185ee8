using System.Security.Cryptography;
using System.Text;
using Aegis.Matching.Banks;
using Aegis.Matching.Formats;

namespace Aegis.Exchanges.Files;

/// <summary>
/// Reads a file exchange's list: unchanged since the last version applied (same SHA-256, or a 304 for the last ETag), an
/// empty page; changed, its lines from the checkpoint's offset, <c>page_size</c> at a time, all pages of one version
/// sharing its SHA-256 as their <see cref="ExchangePage.Listing"/> (so the hashes it no longer holds are deleted when its
/// last page is applied). A version that changes between pages starts again from its first line.
/// </summary>
internal sealed class FileExchangeClient(FileSource source, SignalType? defaultType, int pageSize) : IExchangeClient
{
    public async Task<ExchangePage> FetchAsync(string? checkpoint, CancellationToken cancellationToken)
    {
        var at = FileCheckpoint.Parse(checkpoint);
        var read = await source.ReadAsync(at.Pending is null ? at.ETag : null, cancellationToken);
        if (read is not { } list)
        {
            return new ExchangePage([], at.Write(), false, null);
        }

        var bytes = list.Bytes;
        var version = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (at.Pending is null && version == at.Done)
        {
            return new ExchangePage([], (at with { ETag = list.ETag ?? at.ETag }).Write(), false, null);
        }

        if (bytes.Length == 0)
        {
            // Most likely a list being rewritten, not a list emptied on purpose: deleting every hash on it would be the
            // worse mistake. An intentionally empty list holds a line (a '# comment').
            throw new ExchangeException(ExchangeError.BadResponse, $"{source.Name} is empty (0 bytes); nothing is deleted. To empty the list on purpose, leave a '# comment' line in it.");
        }

        var start = at.Pending == version ? (int)Math.Clamp(at.Offset, 0, bytes.Length) : 0;
        var first = FirstLine(bytes);
        var format = HashListFormatDetector.FromFirstLine(first) ?? HashListFormat.ThreatExchange;
        var (text, end) = Lines(bytes, start, format == HashListFormat.Csv ? first : null);
        var records = Records(text, format);
        var more = end < bytes.Length;
        var next = more ? new FileCheckpoint(at.Done, at.ETag, version, end) : new FileCheckpoint(version, list.ETag, null, 0);
        return new ExchangePage(records, next.Write(), more, null) { Listing = version };
    }

    public Task SendFeedbackAsync(ExchangeFeedback feedback, CancellationToken cancellationToken) =>
        throw new ExchangeException(ExchangeError.NotSupported, "The file API takes no feedback.");

    /// <summary>
    /// The text of up to <c>page_size</c> lines from byte <paramref name="start"/> (a CSV list's header line put before
    /// them, so each page reads alone), and the byte offset after them.
    /// </summary>
    private (string Text, int End) Lines(byte[] bytes, int start, string? csvHeader)
    {
        var end = start;
        for (var i = 0; i < pageSize && end < bytes.Length; i++)
        {
            var newline = Array.IndexOf(bytes, (byte)'\n', end);
            end = newline < 0 ? bytes.Length : newline + 1;
        }

        var header = start > 0 && csvHeader is not null ? csvHeader + "\n" : "";
        var from = start == 0 && bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? 3 : start;
        return (header + Encoding.UTF8.GetString(bytes, from, end - from), end);
    }

    private static string FirstLine(byte[] bytes)
    {
        var span = bytes.AsSpan(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? 3 : 0);
        foreach (var range in span.Split((byte)'\n'))
        {
            var line = Encoding.UTF8.GetString(span[range]).Trim();
            if (line.Length > 0)
            {
                return line;
            }
        }

        return "";
    }

    /// <summary>Each distinct hash of the lines a record (a line read as disabled, a deletion); lines that cannot be read are skipped.</summary>
    private List<ExchangeRecord> Records(string text, HashListFormat format)
    {
        var records = new List<ExchangeRecord>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        using var reader = new StringReader(text);
        foreach (var item in HashListReader.Read(reader, format, fileName: null, defaultType))
        {
            if (item.Record is not { } record)
            {
                continue;
            }

            var key = Key(record.Type, record.Value);
            if (!seen.Add(key))
            {
                continue;
            }

            var provenance = new ExchangeProvenance(record.ExternalId ?? key, record.AddedBy, record.Category, []);
            records.Add(new ExchangeRecord(key, record.Enabled ? [new ExchangeSignal(record.Type, record.Value)] : [], provenance));
        }

        return records;
    }

    /// <summary>A hash's record key: <c>pdq:&lt;hex&gt;</c>; a vPDQ signal (kilobytes) by its SHA-256.</summary>
    private static string Key(SignalType type, string value) => type == SignalType.Vpdq
        ? $"{ThreatExchangeSignalNames.GetName(type)}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))}"
        : $"{ThreatExchangeSignalNames.GetName(type)}:{value}";
}
