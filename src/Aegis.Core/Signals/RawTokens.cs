namespace Aegis.Core.Signals;

/// <summary>The normaliser's first pass: folded tokens as they were split, with the separator before each.</summary>
internal sealed class RawTokens
{
    private char[] _chars = new char[256];
    private RawToken[] _tokens = new RawToken[64];

    /// <summary>How many raw tokens.</summary>
    public int Count { get; private set; }

    /// <summary>The folded characters.</summary>
    public Span<char> Chars => _chars;

    /// <summary>How many characters are used.</summary>
    public int Used { get; private set; }

    /// <summary>Raw token <paramref name="index"/>.</summary>
    public ref RawToken this[int index] => ref _tokens[index];

    /// <summary>The characters of raw token <paramref name="index"/>.</summary>
    public ReadOnlySpan<char> Text(int index) => _chars.AsSpan(_tokens[index].Start, _tokens[index].Length);

    /// <summary>Forgets everything, keeping the buffers.</summary>
    public void Clear()
    {
        Count = 0;
        Used = 0;
    }

    /// <summary>Appends a character to the token being built.</summary>
    public void Append(char c)
    {
        if (Used == _chars.Length)
        {
            Array.Resize(ref _chars, _chars.Length * 2);
        }

        _chars[Used++] = c;
    }

    /// <summary>Drops characters back to <paramref name="used"/> (a token re-folded).</summary>
    public void Truncate(int used) => Used = used;

    /// <summary>Records a token.</summary>
    public void Close(in RawToken token)
    {
        if (Count == _tokens.Length)
        {
            Array.Resize(ref _tokens, _tokens.Length * 2);
        }

        _tokens[Count++] = token;
    }
}
