using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using Xunit.Abstractions;

namespace Aegis.Matching.Tests.Formats;

/// <summary>A million-line list, generated as it is read (never held whole), parses with bounded memory.</summary>
public sealed class StreamingTests(ITestOutputHelper output)
{
    private const int Lines = 1_000_000;

    /// <summary>
    /// What a line must allocate is its record (about 90 bytes) and the hash string (86 bytes for MD5, 150 for a
    /// 64-hex hash): about 210 bytes on average here. The bound leaves room for runtime differences but would catch
    /// a string per line, a boxed item or a per-line buffer.
    /// </summary>
    private const int MaxBytesPerLine = 300;

    [Theory]
    [InlineData(HashListFormat.ThreatExchange)]
    [InlineData(HashListFormat.Csv)]
    [InlineData(HashListFormat.JsonLines)]
    public void Parses_a_million_lines_lazily_with_small_allocation_per_line(HashListFormat format)
    {
        var source = new GeneratedList(format, Lines);
        var reader = HashListReader.Read(source, format);

        // Warm up (JIT, first buffers) on the first thousand, then measure the rest.
        using var items = reader.GetEnumerator();
        long count = 0, errors = 0, pdq = 0;
        for (var i = 0; i < 1000 && items.MoveNext(); i++)
        {
            count++;
            pdq += items.Current.Record?.Type == SignalType.Pdq ? 1 : 0;
        }

        Assert.True(source.CharsRead < 1_000_000, $"read {source.CharsRead} characters for 1000 lines: not lazy");
        var before = GC.GetAllocatedBytesForCurrentThread();
        while (items.MoveNext())
        {
            count++;
            if (items.Current.IsError)
            {
                errors++;
            }
            else if (items.Current.Record!.Type == SignalType.Pdq)
            {
                pdq++;
            }
        }

        var perLine = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)(Lines - 1000);
        output.WriteLine($"{format}: {perLine:F0} bytes allocated a line");
        Assert.Equal(Lines, count);
        Assert.Equal(0, errors);
        Assert.Equal(Lines / 2, pdq);
        Assert.True(perLine < MaxBytesPerLine, $"{perLine:F0} bytes allocated a line");
    }

    /// <summary>A TextReader that makes up its lines as they are read: alternate PDQ and MD5 records, LF/CRLF.</summary>
    private sealed class GeneratedList(HashListFormat format, int lines) : TextReader
    {
        private readonly char[] _line = new char[256];
        private readonly Random _random = new(1_000_000);
        private int _lineLength;
        private int _linePosition;
        private int _produced = -1;

        public long CharsRead { get; private set; }

        public override int Read(char[] buffer, int index, int count)
        {
            var written = 0;
            while (written < count)
            {
                if (_linePosition == _lineLength && !NextLine())
                {
                    break;
                }

                var n = Math.Min(count - written, _lineLength - _linePosition);
                Array.Copy(_line, _linePosition, buffer, index + written, n);
                _linePosition += n;
                written += n;
            }

            CharsRead += written;
            return written;
        }

        /// <summary>Builds the next line in place, allocating nothing, so the measurement is the reader's alone.</summary>
        private bool NextLine()
        {
            if (_produced == lines)
            {
                return false;
            }

            _lineLength = 0;
            _linePosition = 0;
            if (_produced++ < 0)
            {
                if (format == HashListFormat.Csv)
                {
                    Append("hash,type,list,enabled\n");
                }

                return true;
            }

            var pdq = _produced % 2 == 1;
            Span<byte> bytes = stackalloc byte[pdq ? 32 : 16];
            _random.NextBytes(bytes);
            switch (format)
            {
                case HashListFormat.ThreatExchange:
                    Append(pdq ? "pdq " : "video_md5 ");
                    AppendHex(bytes);
                    break;
                case HashListFormat.Csv:
                    AppendHex(bytes);
                    Append(pdq ? ",pdq,ncmec-2026,true" : ",md5,ncmec-2026,true");
                    break;
                default:
                    Append(pdq ? "{\"type\":\"pdq\",\"hash\":\"" : "{\"type\":\"md5\",\"hash\":\"");
                    AppendHex(bytes);
                    Append("\",\"list\":\"ncmec-2026\"}");
                    break;
            }

            Append(_produced % 3 == 0 ? "\r\n" : "\n");
            return true;
        }

        private void Append(string text)
        {
            text.CopyTo(_line.AsSpan(_lineLength));
            _lineLength += text.Length;
        }

        private void AppendHex(ReadOnlySpan<byte> bytes)
        {
            Convert.TryToHexStringLower(bytes, _line.AsSpan(_lineLength), out var written);
            _lineLength += written;
        }
    }
}
