using System.Text;
using Aegis.Fuzz.Tests.Support;
using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using CsCheck;
using Xunit.Abstractions;

namespace Aegis.Fuzz.Tests;

/// <summary>
/// The hash-list readers (format detection, <c>LineSource</c>, CSV, JSON lines, python-threatexchange, the signal
/// values) on mutated sample lists, and the writers and readers on generated records. A reader never throws for bad
/// content: every line is a record or an error naming it.
/// </summary>
public sealed class HashListFuzzTests(ITestOutputHelper output)
{
    /// <summary>
    /// Managed bytes reading one list may allocate per byte of it: the line buffer (two bytes a character, doubled as
    /// it grows), a CSV record's field buffer, a JSON line's UTF-8 copy and the records and errors made from it.
    /// </summary>
    private const long BytesPerInputByte = 64;

    private const long FixedAllowance = 1 << 20;

    private static readonly byte[][] Tokens =
    [
        .. new[]
        {
            ",", "\"", "\"\"", "\n", "\r", "\r\n", "{", "}", "[", "]", ":", "\\", "\\u0000", "\\ud800", "\\udc00\"", "\\\"",
            "null", "true", "1e999", "-", "#", " ", "\t", "pdq ", "vpdq [", "video_md5 ", "\"hash\":", "\"type\":\"vpdq\",",
            "\"added_at\":\"", "9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00-14:00", "2025-02-30", "\uFEFF", "\u00A0",
            "d934645e6e3d96211001f361e2eb3c3a156835573241f936302c2dbcd3671850", "8e182207bb82e623d40ff667850202a5",
            "\"d934645e6e3d96211001f361e2eb3c3a156835573241f936302c2dbcd3671850,100,1e+02\"",
        }.Select(Encoding.UTF8.GetBytes),
        [0xC3], [0xED, 0xA0, 0x80], [0xFF, 0xFE], [0xEF, 0xBB, 0xBF],
    ];

    private static readonly HashListFormat?[] Formats = [null, HashListFormat.ThreatExchange, HashListFormat.Csv, HashListFormat.JsonLines];

    private static readonly SignalType?[] DefaultTypes = [null, SignalType.Pdq, SignalType.Sha256, SignalType.Md5, SignalType.Vpdq];

    [Fact]
    public Task Mutated_hash_lists_read_as_records_and_line_errors() =>
        Fuzzer.RunAsync(output, new FuzzTarget<(byte[] Bytes, int Format, int DefaultType)>
        {
            Name = "hash-list-reader",
            Gen = Gen.Select(Mutation.Of(Seeds.HashLists, Tokens), Gen.Int[0, Formats.Length - 1], Gen.Int[0, DefaultTypes.Length - 1]),
            Body = input =>
            {
                using var text = new StreamReader(new MemoryStream(input.Bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                CheckItems(HashListReader.Read(text, Formats[input.Format], fileName: null, DefaultTypes[input.DefaultType]));
            },
            AllocationBound = input => (BytesPerInputByte * input.Bytes.Length) + FixedAllowance,
            Serialize = input => input.Bytes,
            Describe = input => $"format {Formats[input.Format]?.ToString() ?? "detected"}, default type {DefaultTypes[input.DefaultType]?.ToString() ?? "none"}",
        });

    /// <summary>
    /// Records written in each format read back equal: every field in CSV and JSON lines (null and "" told apart, the
    /// timestamp's offset kept), the type and hash of enabled records in python-threatexchange's format.
    /// </summary>
    [Fact]
    public Task Written_hash_lists_read_back_the_same_records() =>
        Fuzzer.RunAsync(output, new FuzzTarget<(HashListRecord[] Records, HashListFormat Format)>
        {
            Name = "hash-list-round-trip",
            Gen = Gen.Select(Record.Array[0, 8], Gen.OneOf(HashListFormat.ThreatExchange, HashListFormat.Csv, HashListFormat.JsonLines)),
            Body = input =>
            {
                var written = new StringWriter();
                HashListWriter.Write(written, input.Format, input.Records);
                var read = HashListReader.Read(new StringReader(written.ToString()), input.Format).ToArray();
                var expected = input.Format == HashListFormat.ThreatExchange
                    ? input.Records.Where(r => r.Enabled).Select(r => new HashListRecord(r.Type, r.Value, null, null, null, null, null)).ToArray()
                    : input.Records;
                if (read.FirstOrDefault(i => i.IsError) is { Error: { } error })
                {
                    throw new FuzzFindingException($"Written {input.Format} read back with an error: {error} ({error.Text})\n{written}");
                }

                var records = read.Select(i => i.Record!).ToArray();
                if (records.Length != expected.Length ||
                    records.Zip(expected).Any(p => p.First != p.Second || p.First.AddedAt?.Offset != p.Second.AddedAt?.Offset))
                {
                    throw new FuzzFindingException($"Written {input.Format} read back different records:\n{written}");
                }
            },
            AllocationBound = _ => 4 << 20,
            Serialize = input =>
            {
                var written = new StringWriter();
                HashListWriter.Write(written, input.Format, input.Records);
                return TextGen.Utf8(written.ToString());
            },
            Describe = input => $"{input.Format}, {input.Records.Length} records",
        });

    private static Gen<DateTimeOffset?> AddedAt { get; } = Gen.Select(
        Gen.Long[DateTime.MinValue.Ticks + TimeSpan.TicksPerDay, DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay],
        Gen.Int[-14 * 60, 14 * 60],
        (ticks, minutes) => (DateTimeOffset?)new DateTimeOffset(ticks, TimeSpan.FromMinutes(minutes)));

    private static Gen<HashListRecord> Record { get; } = Gen.Select(
        Gen.OneOf(SignalType.Pdq, SignalType.Md5, SignalType.Sha256, SignalType.Vpdq).SelectMany(type => Value(type).Select(value => (type, value))),
        TextGen.OptionalText,
        TextGen.OptionalText,
        TextGen.OptionalText,
        Gen.Frequency((1, Gen.Const((DateTimeOffset?)null)), (3, AddedAt)),
        TextGen.OptionalText,
        Gen.Bool,
        (tv, id, category, list, addedAt, addedBy, enabled) => new HashListRecord(tv.type, tv.value, id, category, list, addedAt, addedBy, enabled));

    private static Gen<string> Value(SignalType type) => type switch
    {
        SignalType.Md5 => TextGen.Hex(32).Select(h => h.ToLowerInvariant()),
        SignalType.Vpdq => TextGen.Features.Select(Aegis.Hashing.Video.Formats.VpdqSignal.SerializeCanonical),
        _ => TextGen.Hex(64).Select(h => h.ToLowerInvariant()),
    };

    private static void CheckItems(IEnumerable<HashListItem> items)
    {
        long last = 0;
        foreach (var item in items)
        {
            if (item.Line < last || item.Line < 1)
            {
                throw new FuzzFindingException($"Item on line {item.Line} after one on line {last}.");
            }

            last = item.Line;
            if (item.Record is { } record)
            {
                if (!SignalValues.TryCanonicalize(record.Type, record.Value, out var canonical, out var reason) || canonical != record.Value)
                {
                    throw new FuzzFindingException($"Line {item.Line}: the value read is not canonical ({reason ?? canonical}): {record.Value}");
                }
            }
            else if (item.Error is not { } error || error.Text.Length > HashListError.MaxTextLength + 1 || error.Reason.Length == 0)
            {
                throw new FuzzFindingException($"Line {item.Line}: an item that is neither a record nor a well-formed error.");
            }
        }
    }
}
