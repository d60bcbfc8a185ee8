using System.Text;

namespace Aegis.Core.Signals;

/// <summary>A bank phrase expanded: alternatives "(a|b)" multiplied out, <c>{num}</c> read as any number.</summary>
internal static class PatternPhrase
{
    /// <summary>The most phrases one entry may expand to.</summary>
    public const int MaxExpansions = 1024;

    /// <summary>The most tokens a phrase may have.</summary>
    public const int MaxTokens = 12;

    /// <summary>
    /// Each phrase <paramref name="phrase"/> stands for, as normalised tokens (<c>{num}</c> becomes a number token).
    /// Throws <see cref="FormatException"/> naming what is wrong.
    /// </summary>
    public static List<string[]> Expand(string phrase)
    {
        var texts = new List<StringBuilder> { new() };
        var i = 0;
        while (i < phrase.Length)
        {
            var c = phrase[i];
            if (c == '(')
            {
                var close = phrase.IndexOf(')', i);
                if (close < 0)
                {
                    throw new FormatException($"'(' at {i} is not closed");
                }

                var inner = phrase[(i + 1)..close];
                if (inner.Contains('('))
                {
                    throw new FormatException("alternatives cannot be nested");
                }

                var options = inner.Split('|');
                if (texts.Count * options.Length > MaxExpansions)
                {
                    throw new FormatException($"the phrase expands to more than {MaxExpansions} phrases");
                }

                texts = [.. texts.SelectMany(t => options.Select(o => new StringBuilder(t.ToString()).Append(' ').Append(o).Append(' ')))];
                i = close + 1;
            }
            else if (c is ')' or '|')
            {
                throw new FormatException($"'{c}' at {i} is outside alternatives");
            }
            else
            {
                foreach (var t in texts)
                {
                    t.Append(c);
                }

                i++;
            }
        }

        var result = new List<string[]>();
        foreach (var text in texts)
        {
            var tokens = TextNormalizer.Tokenize(text.Replace("{num}", " 9 ").ToString());
            if (tokens.Length > MaxTokens)
            {
                throw new FormatException($"a phrase has more than {MaxTokens} words");
            }

            if (tokens.Length > 0)
            {
                result.Add(tokens);
            }
        }

        return result.Count > 0 ? result : throw new FormatException("the phrase has no words");
    }
}
