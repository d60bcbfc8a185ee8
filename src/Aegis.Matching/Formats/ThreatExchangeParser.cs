using Aegis.Matching.Banks;

namespace Aegis.Matching.Formats;

/// <summary>
/// python-threatexchange's local file format (see <see cref="ThreatExchangeSignalNames"/>): each line, stripped, is
/// <c>&lt;signal_type&gt; &lt;signal&gt;</c> (any run of spaces or tabs between) or a bare signal; blank lines and lines
/// starting with <c>#</c> are skipped.
/// </summary>
internal sealed class ThreatExchangeParser(LineSource lines, SignalType? defaultType)
    : HashListParser(lines, defaultType)
{
    private const string HowToFix =
        "write the type before it ('pdq <hash>' or 'video_sha256 <hash>') or give a default signal type";

    public override bool TryReadNext(out HashListItem item)
    {
        while (Lines.TryReadLine(out var raw))
        {
            if (Lines.LastLineTooLong)
            {
                item = TooLong();
                return true;
            }

            var line = raw.Trim();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            item = Parse(Lines.LineNumber, raw, line);
            return true;
        }

        item = default;
        return false;
    }

    private HashListItem Parse(long number, ReadOnlySpan<char> raw, ReadOnlySpan<char> line)
    {
        var gap = IndexOfWhiteSpace(line);
        SignalType type;
        ReadOnlySpan<char> signal;
        string? reason;
        if (gap < 0)
        {
            signal = line;
            if (ThreatExchangeSignalNames.TryParse(line, out _))
            {
                return HashListItem.Fail(number, $"signal type '{SignalValues.Shorten(line)}' has no signal after it", raw);
            }

            if (!SignalValues.TryInferType(signal, DefaultType, HowToFix, out type, out reason))
            {
                return HashListItem.Fail(number, reason!, raw);
            }
        }
        else
        {
            signal = line[gap..].TrimStart();
            if (!ThreatExchangeSignalNames.TryResolve(line[..gap], out type, out reason))
            {
                return HashListItem.Fail(number, reason!, raw);
            }

            // A vPDQ signal is a JSON list with spaces in it: the rest of the line.
            var extra = type == SignalType.Vpdq ? -1 : IndexOfWhiteSpace(signal);
            if (extra >= 0)
            {
                return HashListItem.Fail(
                    number, $"unexpected text after the signal: '{SignalValues.Shorten(signal[extra..].TrimStart())}'", raw);
            }
        }

        return SignalValues.TryCanonicalize(type, signal, out var value, out reason)
            ? HashListItem.Ok(number, new HashListRecord(type, value, null, null, null, null, null))
            : HashListItem.Fail(number, reason!, raw);
    }

    private static int IndexOfWhiteSpace(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
