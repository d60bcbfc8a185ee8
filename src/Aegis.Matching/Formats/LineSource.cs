namespace Aegis.Matching.Formats;

/// <summary>
/// Reads a <see cref="TextReader"/> a line at a time into one reused buffer and hands out each line as a span,
/// so reading allocates nothing per line. Lines end at "\n", "\r\n" or "\r" (as <see cref="TextReader.ReadLine"/>);
/// a byte-order mark at the start is dropped; a line longer than the limit is skipped and flagged.
/// </summary>
internal sealed class LineSource
{
    /// <summary>Lines longer than this (in characters) are reported rather than read, so memory stays bounded.</summary>
    public const int DefaultMaxLineLength = 16 << 20;

    private const int InitialBufferSize = 16 * 1024;

    private readonly TextReader _reader;
    private readonly int _maxLineLength;
    private char[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;
    private bool _started;
    private int _lastStart = -1;
    private int _lastTerminatorLength;
    private char _lastTerminatorChar;

    public LineSource(TextReader reader, int maxLineLength = DefaultMaxLineLength)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineLength, 1);
        _reader = reader;
        _maxLineLength = maxLineLength;
        _buffer = new char[Math.Min(InitialBufferSize, maxLineLength + 2)];
    }

    /// <summary>The 1-based number of the line last returned (0 before the first).</summary>
    public long LineNumber { get; private set; }

    /// <summary>True when the line last returned was longer than the limit: its text is not available.</summary>
    public bool LastLineTooLong { get; private set; }

    /// <summary>The start of a too-long line (for the error), else empty.</summary>
    public string TooLongPreview { get; private set; } = "";

    public int MaxLineLength => _maxLineLength;

    /// <summary>How the line last returned ended: "\n", "\r\n", "\r", or "" at the end of the input.</summary>
    public string LastTerminator => _lastTerminatorLength switch
    {
        0 => "",
        2 => "\r\n",
        _ => _lastTerminatorChar == '\r' ? "\r" : "\n",
    };

    /// <summary>The next line without its terminator; the span is valid until the next call.</summary>
    public bool TryReadLine(out ReadOnlySpan<char> line)
    {
        LastLineTooLong = false;
        TooLongPreview = "";
        var scanned = 0;
        while (true)
        {
            var pending = _buffer.AsSpan(_start + scanned, _end - _start - scanned);
            var i = pending.IndexOfAny('\r', '\n');
            if (i >= 0)
            {
                var pos = _start + scanned + i;
                if (_buffer[pos] == '\r' && pos + 1 == _end && !_eof)
                {
                    // A '\r' at the end of what has been read: the next character decides "\r" or "\r\n".
                    scanned += i;
                    Fill();
                    continue;
                }

                var length = _buffer[pos] == '\r' && pos + 1 < _end && _buffer[pos + 1] == '\n' ? 2 : 1;
                if (pos - _start > _maxLineLength)
                {
                    MarkTooLong(pos);
                    _lastTerminatorLength = length;
                    _lastTerminatorChar = _buffer[pos];
                    _start = pos + length;
                    line = default;
                    return true;
                }

                line = Emit(pos, length);
                return true;
            }

            scanned = _end - _start;
            if (scanned > _maxLineLength)
            {
                SkipTooLong();
                line = default;
                return true;
            }

            if (_eof)
            {
                if (_start == _end)
                {
                    line = default;
                    return false;
                }

                line = Emit(_end, 0);
                return true;
            }

            Fill();
        }
    }

    /// <summary>Puts the line last returned back, so the next <see cref="TryReadLine"/> returns it again.</summary>
    public void Unread()
    {
        if (_lastStart < 0 || LastLineTooLong)
        {
            throw new InvalidOperationException("Only the line just read can be put back.");
        }

        _start = _lastStart;
        _lastStart = -1;
        LineNumber--;
    }

    private ReadOnlySpan<char> Emit(int terminatorAt, int terminatorLength)
    {
        var line = _buffer.AsSpan(_start, terminatorAt - _start);
        _lastStart = _start;
        _lastTerminatorLength = terminatorLength;
        _lastTerminatorChar = terminatorLength > 0 ? _buffer[terminatorAt] : '\0';
        _start = terminatorAt + terminatorLength;
        LineNumber++;
        return line;
    }

    private void MarkTooLong(int end)
    {
        TooLongPreview = HashListError.Truncate(
            _buffer.AsSpan(_start, Math.Min(end - _start, HashListError.MaxTextLength + 1)));
        LastLineTooLong = true;
        LineNumber++;
        _lastStart = -1;
        _lastTerminatorLength = 0;
    }

    private void SkipTooLong()
    {
        MarkTooLong(_end);
        while (true)
        {
            var pending = _buffer.AsSpan(_start, _end - _start);
            var i = pending.IndexOfAny('\r', '\n');
            if (i >= 0)
            {
                var pos = _start + i;
                if (_buffer[pos] == '\r' && pos + 1 == _end && !_eof)
                {
                    _start = pos;
                    Fill();
                    continue;
                }

                var length = _buffer[pos] == '\r' && pos + 1 < _end && _buffer[pos + 1] == '\n' ? 2 : 1;
                _lastTerminatorLength = length;
                _lastTerminatorChar = _buffer[pos];
                _start = pos + length;
                return;
            }

            _start = _end;
            if (_eof)
            {
                return;
            }

            Fill();
        }
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
            _lastStart = -1;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        var read = _reader.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
            return;
        }

        if (!_started)
        {
            _started = true;
            if (_buffer[0] == '\uFEFF')
            {
                _start = 1;
            }
        }

        _end += read;
    }
}
