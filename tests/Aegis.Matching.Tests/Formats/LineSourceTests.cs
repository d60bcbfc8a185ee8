using System.Text;
using Aegis.Matching.Formats;

namespace Aegis.Matching.Tests.Formats;

public sealed class LineSourceTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4096)]
    public void Splits_on_lf_crlf_and_cr_like_read_line_at_any_chunk_size(int chunk)
    {
        const string Text = "a\nbb\r\nccc\rdddd\r\r\n\n\r\ne";
        var lines = ReadAll(new ChunkedReader(Text, chunk));

        Assert.Equal(ReadLineAll(Text), lines.Select(l => l.Text));
        Assert.Equal(["\n", "\r\n", "\r", "\r", "\r\n", "\n", "\r\n", ""], lines.Select(l => l.Terminator));
        Assert.Equal(Enumerable.Range(1, 8).Select(i => (long)i), lines.Select(l => l.Number));
    }

    [Fact]
    public void A_cr_at_the_very_end_is_a_line_end()
    {
        Assert.Equal(["x"], ReadAll(new ChunkedReader("x\r", 1)).Select(l => l.Text));
    }

    [Fact]
    public void Drops_a_byte_order_mark_at_the_start_only()
    {
        var lines = ReadAll(new StringReader("\uFEFFa\n\uFEFFb"));

        Assert.Equal(["a", "\uFEFFb"], lines.Select(l => l.Text));
    }

    [Fact]
    public void Drops_a_utf8_byte_order_mark_read_through_a_stream_reader()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("pdq\r\n")).ToArray();
        var lines = ReadAll(new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: false));

        Assert.Equal(["pdq"], lines.Select(l => l.Text));
    }

    [Fact]
    public void Grows_for_long_lines_and_flags_lines_over_the_limit()
    {
        var text = new string('a', 50_000) + "\n" + new string('b', 70_000) + "\r\nshort\n" + new string('c', 70_000);
        var source = new LineSource(new ChunkedReader(text, 1000), maxLineLength: 60_000);

        Assert.True(source.TryReadLine(out var line));
        Assert.Equal(50_000, line.Length);
        Assert.False(source.LastLineTooLong);

        Assert.True(source.TryReadLine(out _));
        Assert.True(source.LastLineTooLong);
        Assert.Equal(2, source.LineNumber);
        Assert.StartsWith("bbbb", source.TooLongPreview, StringComparison.Ordinal);

        Assert.True(source.TryReadLine(out line));
        Assert.Equal("short", line.ToString());
        Assert.Equal(3, source.LineNumber);

        Assert.True(source.TryReadLine(out _));
        Assert.True(source.LastLineTooLong);
        Assert.False(source.TryReadLine(out _));
    }

    [Fact]
    public void A_too_long_line_is_an_error_and_reading_goes_on()
    {
        var text = "video_md5 " + new string('a', HashListReader.MaxLineLength + 10) + "\nvideo_md5 " + new string('b', 32) + "\n";

        var items = HashListReader.Read(new StringReader(text), HashListFormat.ThreatExchange).ToList();

        Assert.Equal(2, items.Count);
        Assert.Equal(1, items[0].Error!.Line);
        Assert.Contains("longer than", items[0].Error!.Reason, StringComparison.Ordinal);
        Assert.Equal(2, items[1].Line);
        Assert.False(items[1].IsError);
    }

    [Fact]
    public void Unread_returns_the_same_line_again()
    {
        var source = new LineSource(new StringReader("one\ntwo\n"));
        Assert.True(source.TryReadLine(out _));
        source.Unread();

        Assert.True(source.TryReadLine(out var line));
        Assert.Equal("one", line.ToString());
        Assert.Equal(1, source.LineNumber);
        Assert.Throws<InvalidOperationException>(() => { source.Unread(); source.Unread(); });
    }

    private static List<string?> ReadLineAll(string text)
    {
        var reader = new StringReader(text);
        var lines = new List<string?>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    private static List<(string Text, string Terminator, long Number)> ReadAll(TextReader reader)
    {
        var source = new LineSource(reader);
        var lines = new List<(string, string, long)>();
        while (source.TryReadLine(out var line))
        {
            lines.Add((line.ToString(), source.LastTerminator, source.LineNumber));
        }

        return lines;
    }

    /// <summary>Hands out at most <c>chunk</c> characters a read, to hit every buffer boundary.</summary>
    private sealed class ChunkedReader(string text, int chunk) : TextReader
    {
        private int _position;

        public override int Read(char[] buffer, int index, int count)
        {
            var n = Math.Min(Math.Min(count, chunk), text.Length - _position);
            text.CopyTo(_position, buffer, index, n);
            _position += n;
            return n;
        }
    }
}
