using System.Text;

namespace Aegis.Core.Signals;

/// <summary>
/// The tokens <see cref="TextNormalizer"/> produces from one text, in reusable buffers: normalising into the same
/// buffer again allocates nothing once it has grown to the longest text seen. Not thread-safe; one per thread.
/// </summary>
public sealed class TokenBuffer
{
    private char[] _chars = new char[256];
    private (int Start, int Length, TokenKind Kind)[] _tokens = new (int, int, TokenKind)[64];
    private int _used;

    /// <summary>How many tokens the last text gave.</summary>
    public int Count { get; private set; }

    /// <summary>The scratch the normaliser folds raw tokens into before it reads them.</summary>
    internal RawTokens Raw { get; } = new();

    /// <summary>The text of token <paramref name="index"/>.</summary>
    public ReadOnlySpan<char> this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            var (start, length, _) = _tokens[index];
            return _chars.AsSpan(start, length);
        }
    }

    /// <summary>The kind of token <paramref name="index"/>.</summary>
    public TokenKind KindOf(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return _tokens[index].Kind;
    }

    /// <summary>Forgets the last text, keeping the buffers.</summary>
    public void Clear()
    {
        Count = 0;
        _used = 0;
        Raw.Clear();
    }

    /// <summary>Appends a token.</summary>
    internal void Add(ReadOnlySpan<char> text, TokenKind kind)
    {
        if (text.IsEmpty)
        {
            return;
        }

        if (_used + text.Length > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _used + text.Length));
        }

        if (Count == _tokens.Length)
        {
            Array.Resize(ref _tokens, _tokens.Length * 2);
        }

        text.CopyTo(_chars.AsSpan(_used));
        _tokens[Count++] = (_used, text.Length, kind);
        _used += text.Length;
    }

    /// <summary>The tokens as strings (allocates; for tests, explanations and signatures off the hot path).</summary>
    public string[] ToArray()
    {
        var tokens = new string[Count];
        for (var i = 0; i < Count; i++)
        {
            tokens[i] = this[i].ToString();
        }

        return tokens;
    }

    /// <summary>The tokens from <paramref name="start"/> to <paramref name="end"/> (inclusive) joined by spaces.</summary>
    public string Join(int start, int end)
    {
        var text = new StringBuilder();
        for (var i = Math.Max(0, start); i <= end && i < Count; i++)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(this[i]);
        }

        return text.ToString();
    }

    /// <summary>The tokens joined by single spaces.</summary>
    public override string ToString() => Join(0, Count - 1);
}
