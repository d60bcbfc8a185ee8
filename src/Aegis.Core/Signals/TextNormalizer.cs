using System.Buffers;
using System.Text;

namespace Aegis.Core.Signals;

/// <summary>
/// Turns a message into the tokens the pattern banks are matched on, undoing the usual disguises: case, diacritics,
/// fullwidth and "fancy" letters, Cyrillic and Greek look-alikes (only in a word that is not genuinely Cyrillic or
/// Greek), leetspeak inside words ("s3nd p1cs"; a number stays a number, "$50" → "50 usd"), emoji that stand for
/// words (📸 → photo, 🎁💳 → gift card), slang ("ur" → your), letters held three times or more ("pleeease"),
/// zero-width characters, and spaced-out words ("s e n d", "s.e.n.d", joined; a change of separator ends a word).
/// The same normaliser reads the banks' phrases, so both sides meet in one form. No allocation once the
/// <see cref="TokenBuffer"/> has grown; the tables are in docs/signals.md.
/// </summary>
public static class TextNormalizer
{
    /// <summary>Characters read from one message; the rest is ignored (a message this long is not a chat line).</summary>
    public const int MaxChars = 8192;

    private const int MaxJoined = 128;

    private const int MaxWord = 256;

    private static readonly FrozenAlternate Slang = new();

    /// <summary>Normalises <paramref name="text"/> into <paramref name="output"/> (cleared first).</summary>
    public static void Normalize(ReadOnlySpan<char> text, TokenBuffer output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Clear();
        Split(text.Length > MaxChars ? text[..MaxChars] : text, output.Raw);
        Assemble(output.Raw, output);
    }

    /// <summary>The normalised tokens of <paramref name="text"/> (allocates; off the hot path).</summary>
    public static string[] Tokenize(string text)
    {
        var buffer = new TokenBuffer();
        Normalize(text, buffer);
        return buffer.ToArray();
    }

    /// <summary>The normalised form of <paramref name="text"/>: its tokens joined by single spaces (allocates).</summary>
    public static string Normalize(string text)
    {
        var buffer = new TokenBuffer();
        Normalize(text, buffer);
        return buffer.ToString();
    }

    private static void Split(ReadOnlySpan<char> text, RawTokens raw)
    {
        Span<char> folded = stackalloc char[4];
        var state = new SplitState();
        var pos = 0;
        while (pos < text.Length)
        {
            var at = pos;
            var rune = Next(text, ref pos);
            if (NormalizerTables.IsIgnorable(rune))
            {
                continue;
            }

            if (NormalizerTables.Emoji.TryGetValue(rune, out var word))
            {
                state.Close(text, raw);
                var start = raw.Used;
                foreach (var c in word)
                {
                    raw.Append(c);
                }

                raw.Close(new RawToken(start, word.Length, state.Separator, state.SeparatorLength, word.Length, '\0', true));
                state.Separator = '\0';
                state.SeparatorLength = 0;
                continue;
            }

            var n = NormalizerTables.Fold(rune, folded, out var lookAlike, out var foreign);
            if (n > 0)
            {
                state.Open(at, raw);
                for (var i = 0; i < n; i++)
                {
                    raw.Append(folded[i]);
                    if (!char.IsAsciiDigit(folded[i]))
                    {
                        state.Letters++;
                        state.Latin |= !lookAlike && !foreign;
                    }
                }

                state.LookAlike |= lookAlike;
                state.Foreign |= foreign;
                state.SourceEnd = pos;
                continue;
            }

            if (rune is '\'' or '\u2019' && state.InSpacedWord(raw))
            {
                // "y o u ' r e", "l.e.t's": the apostrophe of a spaced-out word neither ends it nor separates.
                state.Close(text, raw);
                state.Inherit = true;
                continue;
            }

            if (InWord(text, rune, pos, raw, ref state))
            {
                continue;
            }

            state.Close(text, raw);
            var sep = rune is '\n' or '\r' ? '\n' : rune <= char.MaxValue && char.IsWhiteSpace((char)rune) ? ' ' : rune <= char.MaxValue ? (char)rune : '\uFFFD';
            if (state.SeparatorLength == 0)
            {
                state.Separator = sep;
                state.SeparatorLength = 0;
            }

            state.SeparatorLength = (byte)Math.Min(255, state.SeparatorLength + 1);
        }

        state.Close(text, raw);
    }

    /// <summary>Symbols that belong to a word: apostrophes, decimal marks, currency signs, leetspeak symbols.</summary>
    private static bool InWord(ReadOnlySpan<char> text, int rune, int pos, RawTokens raw, ref SplitState state)
    {
        var last = state.IsOpen && raw.Used > state.Start ? raw.Chars[raw.Used - 1] : '\0';
        var next = Peek(text, pos);
        var nextAlnum = next > 0 && NormalizerTables.Fold(next, stackalloc char[4], out _, out _) > 0;
        var nextDigit = next is >= '0' and <= '9';
        var lastDigit = char.IsAsciiDigit(last);
        switch (rune)
        {
            case '\'' or '\u2019' when last != '\0' && nextAlnum:
                return true;
            case '.' or ',' when lastDigit && nextDigit:
                raw.Append((char)rune);
                return true;
            case '$' or '€' or '£' when lastDigit || nextDigit:
                state.Open(pos, raw);
                state.Currency = (char)rune;
                return true;
            case '$' or '@' when nextAlnum:
                state.Open(pos, raw);
                raw.Append((char)rune);
                state.SourceEnd = pos;
                return true;
            case '!' or '|' or '+' when last != '\0' && nextAlnum:
                raw.Append((char)rune);
                return true;
            default:
                return false;
        }
    }

    private static int Next(ReadOnlySpan<char> text, ref int pos)
    {
        if (Rune.DecodeFromUtf16(text[pos..], out var rune, out var consumed) != OperationStatus.Done)
        {
            pos += Math.Max(1, consumed);
            return Rune.ReplacementChar.Value;
        }

        pos += consumed;
        return rune.Value;
    }

    private static int Peek(ReadOnlySpan<char> text, int pos)
    {
        while (pos < text.Length)
        {
            var rune = Next(text, ref pos);
            if (!NormalizerTables.IsIgnorable(rune))
            {
                return rune;
            }
        }

        return -1;
    }

    private static void Assemble(RawTokens raw, TokenBuffer output)
    {
        Span<char> joined = stackalloc char[MaxJoined];
        var stretchEnd = 0;
        var spaced = false;
        (char, byte) inWord = default;
        var i = 0;
        while (i < raw.Count)
        {
            if (i >= stretchEnd && IsSingle(raw, i))
            {
                // A stretch of single letters ("s e n d  m e"): spaced-out words if it is long enough, and the
                // separator used most inside it is the one within words ("s.e.n.d p.i.c.s": '.'); others end words.
                stretchEnd = i + 1;
                var stretchLetters = raw[i].Letters;
                while (stretchEnd < raw.Count && IsSingle(raw, stretchEnd))
                {
                    stretchLetters += raw[stretchEnd++].Letters;
                }

                spaced = stretchEnd - i >= 3 && stretchLetters >= 2;
                inWord = spaced ? MostUsedSeparator(raw, i + 1, stretchEnd) : default;
            }

            if (spaced && i < stretchEnd)
            {
                var j = i + 1;
                var letters = raw[i].Letters;
                while (j < stretchEnd && j - i < MaxJoined && (raw[j].Separator, raw[j].SeparatorLength) == inWord)
                {
                    letters += raw[j++].Letters;
                }

                for (var k = i; k < j; k++)
                {
                    joined[k - i] = raw.Text(k)[0];
                }

                Word(joined[..(j - i)], j - i > 1 ? TokenKind.Joined : TokenKind.Word, letters, '\0', output);
                i = j;
                continue;
            }

            ref var token = ref raw[i];
            if (token.Fixed)
            {
                output.Add(raw.Text(i), TokenKind.Word);
            }
            else
            {
                Word(raw.Text(i), TokenKind.Word, token.Letters, token.Currency, output);
            }

            i++;
        }
    }

    /// <summary>The separator (character, length) used most between raw tokens <paramref name="from"/> to <paramref name="to"/>.</summary>
    private static (char, byte) MostUsedSeparator(RawTokens raw, int from, int to)
    {
        (char, byte) best = default;
        var bestCount = 0;
        to = Math.Min(to, from + 64); // a sample is enough, and keeps a pathological stretch linear
        for (var k = from; k < to; k++)
        {
            var candidate = (raw[k].Separator, raw[k].SeparatorLength);
            var count = 0;
            for (var m = from; m < to; m++)
            {
                count += (raw[m].Separator, raw[m].SeparatorLength) == candidate ? 1 : 0;
            }

            if (count > bestCount)
            {
                (best, bestCount) = (candidate, count);
            }
        }

        return best;
    }

    private static bool IsSingle(RawTokens raw, int index)
    {
        ref var token = ref raw[index];
        return !token.Fixed && token.Currency == '\0' && token.Length == 1 && (token.Letters == 1 || NormalizerTables.Leet(raw.Text(index)[0]) != '\0');
    }

    private static void Word(ReadOnlySpan<char> text, TokenKind kind, int letters, char currency, TokenBuffer output)
    {
        if (letters == 0 && text.IndexOfAnyInRange('0', '9') >= 0)
        {
            output.Add(text.Trim(".,"), TokenKind.Number);
        }
        else if (letters > 0 && text.IndexOfAnyExceptInRange('0', '9') is var digits and > 0 && Slang.IsUnit(text[digits..]))
        {
            output.Add(text[..digits], TokenKind.Number);
            output.Add(text[digits..], TokenKind.Word);
        }
        else if (!text.IsEmpty)
        {
            Span<char> word = stackalloc char[MaxWord];
            text = text.Length > MaxWord ? text[..MaxWord] : text;
            var length = 0;
            var k = 0;
            while (k < text.Length)
            {
                var c = text[k];
                var letter = char.IsAsciiLetterLower(c) || c > 0x7F ? c : NormalizerTables.Leet(c) is var l and not '\0' ? l : c;
                var run = 1;
                while (k + run < text.Length && Same(text[k + run], letter))
                {
                    run++;
                }

                var keep = run >= 3 ? 1 : run;
                for (var r = 0; r < keep; r++)
                {
                    word[length++] = letter;
                }

                k += run;
            }

            var words = Slang.Expand(word[..length]);
            if (words is null)
            {
                output.Add(word[..length], kind);
            }
            else
            {
                foreach (var range in words.AsSpan().Split(' '))
                {
                    output.Add(words.AsSpan(range), TokenKind.Word);
                }
            }
        }

        if (currency != '\0')
        {
            output.Add(currency switch { '$' => "usd", '€' => "eur", _ => "gbp" }, TokenKind.Word);
        }
    }

    private static bool Same(char c, char letter) =>
        c == letter || (NormalizerTables.Leet(c) is var l and not '\0' && l == letter && !char.IsAsciiLetterLower(c));

    /// <summary>Span lookups into the slang and unit tables.</summary>
    private sealed class FrozenAlternate
    {
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _slang =
            NormalizerTables.Slang.GetAlternateLookup<ReadOnlySpan<char>>();

        private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _units =
            NormalizerTables.Units.GetAlternateLookup<ReadOnlySpan<char>>();

        public string? Expand(ReadOnlySpan<char> word) => _slang.TryGetValue(word, out var words) ? words : null;

        public bool IsUnit(ReadOnlySpan<char> word) => _units.Contains(word);
    }

    /// <summary>The first pass's state between characters.</summary>
    private struct SplitState
    {
        public bool IsOpen;
        public int Start;
        public int SourceStart;
        public int SourceEnd;
        public int Letters;
        public char Currency;
        public bool LookAlike;
        public bool Foreign;
        public bool Latin;
        public char Separator;
        public byte SeparatorLength;
        public bool Inherit;

        /// <summary>True inside a spaced-out word: the token so far (or the last one) is one letter, as is the one before.</summary>
        public readonly bool InSpacedWord(RawTokens raw)
        {
            var current = IsOpen ? raw.Used - Start : 0;
            var last = raw.Count - 1;
            return IsOpen
                ? current == 1 && last >= 0 && raw[last].Length == 1 && !raw[last].Fixed
                : last >= 1 && raw[last].Length == 1 && raw[last - 1].Length == 1 && !raw[last].Fixed && !raw[last - 1].Fixed;
        }

        public void Open(int at, RawTokens raw)
        {
            if (IsOpen)
            {
                return;
            }

            IsOpen = true;
            Start = raw.Used;
            SourceStart = at;
            SourceEnd = at;
            Letters = 0;
            Currency = '\0';
            LookAlike = Foreign = Latin = false;
        }

        public void Close(ReadOnlySpan<char> text, RawTokens raw)
        {
            if (!IsOpen)
            {
                return;
            }

            IsOpen = false;
            if (LookAlike && Foreign && !Latin)
            {
                Refold(text[SourceStart..SourceEnd], raw);
            }

            if (raw.Used > Start || Currency != '\0')
            {
                if (Inherit && raw.Count > 0)
                {
                    (Separator, SeparatorLength) = (raw[raw.Count - 1].Separator, raw[raw.Count - 1].SeparatorLength);
                }

                raw.Close(new RawToken(Start, raw.Used - Start, Separator, SeparatorLength, Letters, Currency, false));
                Inherit = false;
            }

            Separator = '\0';
            SeparatorLength = 0;
        }

        /// <summary>A genuinely Cyrillic or Greek word: kept in its own letters, not read as Latin look-alikes.</summary>
        private readonly void Refold(ReadOnlySpan<char> source, RawTokens raw)
        {
            raw.Truncate(Start);
            Span<char> folded = stackalloc char[4];
            var pos = 0;
            while (pos < source.Length)
            {
                var rune = Next(source, ref pos);
                var n = NormalizerTables.Fold(rune, folded, out var lookAlike, out _);
                if (lookAlike)
                {
                    n = Rune.ToLowerInvariant(new Rune(rune)).EncodeToUtf16(folded);
                }

                for (var i = 0; i < n; i++)
                {
                    raw.Append(folded[i]);
                }
            }
        }
    }
}
