using Aegis.Matching.Banks;

namespace Aegis.Matching.Formats;

/// <summary>
/// CSV with a header naming the columns (any order, any case): <c>hash</c> (required), <c>type</c>, <c>id</c>,
/// <c>category</c>, <c>list</c>, <c>added_at</c>, <c>added_by</c>, <c>enabled</c>; other columns are ignored. A header
/// without <c>hash</c>, naming a column twice, or not readable, is one error and the file gives no records.
/// </summary>
/// <remarks>
/// A row must have as many fields as the header (an unquoted comma in a label would otherwise shift every column
/// after it). An empty unquoted field is no value (null); an empty quoted field ("") is the empty string. Without a
/// <c>type</c> column, or with the cell empty, the type comes from the hash's length (32: MD5; 64: the default type).
/// <c>enabled</c> is true, false, yes, no, 1 or 0, and true when empty.
/// </remarks>
internal sealed class CsvParser(LineSource lines, SignalType? defaultType) : HashListParser(lines, defaultType)
{
    private const string HowToFix = "add a 'type' column (pdq or sha256) or give a default signal type";

    private static readonly string[] Columns = ["hash", "type", "id", "category", "list", "added_at", "added_by", "enabled"];

    private readonly CsvRecordReader _records = new(lines);
    private readonly int[] _index = [-1, -1, -1, -1, -1, -1, -1, -1];
    private readonly string?[] _last = new string?[Columns.Length];
    private int _headerFields = -1;
    private bool _stopped;

    public override bool TryReadNext(out HashListItem item)
    {
        while (!_stopped)
        {
            var result = _records.Read();
            if (result == CsvRecordReader.Result.End)
            {
                break;
            }

            if (result == CsvRecordReader.Result.Error)
            {
                // Without a header there are no columns to read the rows by: stop after this one error.
                _stopped = _headerFields < 0;
                var reason = _stopped ? "CSV header: " + _records.ErrorReason : _records.ErrorReason;
                item = HashListItem.Fail(_records.StartLine, reason, _records.Preview);
                return true;
            }

            if (_headerFields < 0)
            {
                var problem = ReadHeader();
                if (problem is null)
                {
                    continue;
                }

                _stopped = true;
                item = HashListItem.Fail(_records.StartLine, problem, _records.Preview);
                return true;
            }

            item = ReadRow();
            return true;
        }

        item = default;
        return false;
    }

    private string? ReadHeader()
    {
        _headerFields = _records.FieldCount;
        for (var f = 0; f < _records.FieldCount; f++)
        {
            var name = _records.Field(f).Trim();
            for (var c = 0; c < Columns.Length; c++)
            {
                if (name.Equals(Columns[c], StringComparison.OrdinalIgnoreCase))
                {
                    if (_index[c] >= 0)
                    {
                        return $"CSV header names the column '{Columns[c]}' twice";
                    }

                    _index[c] = f;
                }
            }
        }

        return _index[0] >= 0
            ? null
            : $"CSV header has no 'hash' column (expected a header line naming {string.Join(", ", Columns)}; " +
              $"only 'hash' is required)";
    }

    private HashListItem ReadRow()
    {
        var line = _records.StartLine;
        if (_records.FieldCount != _headerFields)
        {
            return Fail($"row has {_records.FieldCount} fields but the header has {_headerFields} " +
                "(quote a value that contains a comma)");
        }

        var hash = Cell(0);
        if (hash.IsEmpty)
        {
            return Fail("missing hash");
        }

        var typeText = Cell(1);
        SignalType type;
        string? reason;
        if (typeText.IsEmpty)
        {
            if (!SignalValues.TryInferType(hash, DefaultType, HowToFix, out type, out reason))
            {
                return Fail(reason!);
            }
        }
        else if (!ThreatExchangeSignalNames.TryResolve(typeText, out type, out reason))
        {
            return Fail(reason!);
        }

        if (!SignalValues.TryCanonicalize(type, hash, out var value, out reason))
        {
            return Fail(reason!);
        }

        DateTimeOffset? addedAt = null;
        var addedAtText = Cell(5);
        if (!addedAtText.IsEmpty)
        {
            if (!IsoTimestamp.TryParse(addedAtText, out var parsed))
            {
                return Fail(IsoTimestamp.Invalid(addedAtText));
            }

            addedAt = parsed;
        }

        var enabledText = Cell(7);
        var enabled = true;
        if (!enabledText.IsEmpty && !TryParseEnabled(enabledText, out enabled))
        {
            return Fail($"invalid enabled '{SignalValues.Shorten(enabledText)}' (expected true or false)");
        }

        var record = new HashListRecord(type, value, Text(2), Text(3), Text(4), addedAt, Text(6), enabled);
        return HashListItem.Ok(line, record);

        HashListItem Fail(string why) => HashListItem.Fail(line, why, _records.Preview);
    }

    private ReadOnlySpan<char> Cell(int column) =>
        _index[column] < 0 ? default : _records.Field(_index[column]).Trim();

    /// <summary>A text column: null when the column is absent or the field empty and unquoted.</summary>
    private string? Text(int column)
    {
        var f = _index[column];
        if (f < 0)
        {
            return null;
        }

        var text = _records.Field(f);
        return text.IsEmpty && !_records.IsQuoted(f) ? null : Reuse(ref _last[column], text);
    }

    private static bool TryParseEnabled(ReadOnlySpan<char> text, out bool enabled)
    {
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase) || text.Equals("yes", StringComparison.OrdinalIgnoreCase) ||
            text is "1")
        {
            enabled = true;
            return true;
        }

        enabled = false;
        return text.Equals("false", StringComparison.OrdinalIgnoreCase) ||
            text.Equals("no", StringComparison.OrdinalIgnoreCase) || text is "0";
    }
}
