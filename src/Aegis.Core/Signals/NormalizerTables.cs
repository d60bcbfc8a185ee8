using System.Collections.Frozen;

namespace Aegis.Core.Signals;

/// <summary>
/// The data behind <see cref="TextNormalizer"/>: letter folding (diacritics, Cyrillic and Greek look-alikes, fullwidth,
/// mathematical and circled letters), leetspeak, emoji words and slang. Written out by hand because the runtime runs
/// with invariant globalization, where <c>string.Normalize</c> returns its input unchanged; docs/signals.md lists it.
/// </summary>
internal static class NormalizerTables
{
    /// <summary>Latin-1 Supplement U+00C0–U+00FF folded to a base letter; '\0' is not a letter (×, ÷), '*' has a two-letter form.</summary>
    private const string Latin1 = "aaaaaa*ceeeeiiiidnooooo\0ouuuuy**aaaaaa*ceeeeiiiidnooooo\0ouuuuy*y";

    /// <summary>Latin Extended-A U+0100–U+017F folded to a base letter ('*' has a two-letter form).</summary>
    private const string LatinExtendedA =
        "aaaaaa" + "cccccccc" + "dddd" + "eeeeeeeeee" + "gggggggg" + "hhhh" + "iiiiiiiiii" + "**" + "jj" + "kkk" +
        "llllllllll" + "nnnnnnnnn" + "oooooo" + "**" + "rrrrrr" + "ssssssss" + "tttttt" + "uuuuuuuuuuuu" + "ww" + "yyy" +
        "zzzzzz" + "s";

    /// <summary>Greek U+0370–U+03FF: letters folded to the Latin letter they look like ('\0': no look-alike).</summary>
    private static readonly FrozenDictionary<char, char> Greek = new Dictionary<char, char>
    {
        ['α'] = 'a', ['ά'] = 'a', ['β'] = 'b', ['γ'] = 'y', ['ε'] = 'e', ['έ'] = 'e', ['ζ'] = 'z', ['η'] = 'n', ['ή'] = 'n',
        ['ι'] = 'i', ['ί'] = 'i', ['ϊ'] = 'i', ['κ'] = 'k', ['μ'] = 'u', ['ν'] = 'v', ['ο'] = 'o', ['ό'] = 'o', ['π'] = 'n',
        ['ρ'] = 'p', ['ς'] = 's', ['σ'] = 'o', ['τ'] = 't', ['υ'] = 'u', ['ύ'] = 'u', ['χ'] = 'x', ['ω'] = 'w', ['ώ'] = 'w',
        ['Α'] = 'a', ['Β'] = 'b', ['Ε'] = 'e', ['Ζ'] = 'z', ['Η'] = 'h', ['Ι'] = 'i', ['Κ'] = 'k', ['Μ'] = 'm', ['Ν'] = 'n',
        ['Ο'] = 'o', ['Ρ'] = 'p', ['Τ'] = 't', ['Υ'] = 'y', ['Χ'] = 'x',
    }.ToFrozenDictionary();

    /// <summary>Cyrillic U+0400–U+04FF: letters folded to the Latin letter they look like.</summary>
    private static readonly FrozenDictionary<char, char> Cyrillic = new Dictionary<char, char>
    {
        ['а'] = 'a', ['в'] = 'b', ['е'] = 'e', ['ё'] = 'e', ['к'] = 'k', ['м'] = 'm', ['н'] = 'h', ['о'] = 'o', ['р'] = 'p',
        ['с'] = 'c', ['т'] = 't', ['у'] = 'y', ['х'] = 'x', ['ѕ'] = 's', ['і'] = 'i', ['ї'] = 'i', ['ј'] = 'j', ['һ'] = 'h',
        ['ԁ'] = 'd', ['ѡ'] = 'w', ['ԛ'] = 'q', ['ԝ'] = 'w', ['А'] = 'a', ['В'] = 'b', ['Е'] = 'e', ['Ё'] = 'e', ['К'] = 'k',
        ['М'] = 'm', ['Н'] = 'h', ['О'] = 'o', ['Р'] = 'p', ['С'] = 'c', ['Т'] = 't', ['У'] = 'y', ['Х'] = 'x', ['Ѕ'] = 's',
        ['І'] = 'i', ['Ј'] = 'j',
    }.ToFrozenDictionary();

    /// <summary>Emoji read as words (a small table on purpose: each entry is one a script uses in place of a word).</summary>
    public static readonly FrozenDictionary<int, string> Emoji = new Dictionary<int, string>
    {
        [0x1F4F8] = "photo", // 📸 camera with flash
        [0x1F4F7] = "photo", // 📷 camera
        [0x1F933] = "photo", // 🤳 selfie
        [0x1F5BC] = "photo", // 🖼 framed picture
        [0x1F4F9] = "video", // 📹 video camera
        [0x1F3A5] = "video", // 🎥 movie camera
        [0x1F381] = "gift", // 🎁 wrapped gift
        [0x1F4B3] = "card", // 💳 credit card
        [0x1F4B0] = "money", // 💰 money bag
        [0x1F4B5] = "money", // 💵 dollar banknote
        [0x1F4B6] = "money", // 💶 euro banknote
        [0x1F4B8] = "money", // 💸 money with wings
        [0x1F4B2] = "money", // 💲 heavy dollar sign
        [0x1F911] = "money", // 🤑 money-mouth face
        [0x20BF] = "bitcoin", // ₿ bitcoin sign
        [0x1F51E] = "nude", // 🔞 no one under eighteen
        [0x1F351] = "sexy", // 🍑 peach
        [0x1F346] = "sexy", // 🍆 aubergine
        [0x1F4A6] = "sexy", // 💦 droplets
        [0x1F459] = "sexy", // 👙 bikini
        [0x1F92B] = "secret", // 🤫 shushing face
        [0x1F910] = "secret", // 🤐 zipper-mouth face
        [0x1F47B] = "snapchat", // 👻 ghost (Snapchat's logo)
        [0x1F4F1] = "phone", // 📱 mobile phone
        [0x1F4E4] = "send", // 📤 outbox tray
    }.ToFrozenDictionary();

    /// <summary>Slang and text-speak written as the word it stands for (after folding and leetspeak). Read only.</summary>
    public static readonly Dictionary<string, string> Slang = new(StringComparer.Ordinal)
    {
        ["u"] = "you", ["ya"] = "you", ["ur"] = "your", ["yr"] = "your", ["r"] = "are", ["pls"] = "please",
        ["plz"] = "please", ["plis"] = "please", ["thx"] = "thanks", ["rn"] = "now", ["cuz"] = "because", ["bc"] = "because",
        ["im"] = "i am", ["ima"] = "i am going to", ["gonna"] = "going to", ["wanna"] = "want to", ["gimme"] = "give me",
        ["pix"] = "pics", ["pic"] = "pics", ["nudez"] = "nudes", ["noods"] = "nudes", ["nudz"] = "nudes", ["snap"] = "snapchat",
        ["sc"] = "snapchat", ["ig"] = "instagram", ["insta"] = "instagram", ["tg"] = "telegram", ["wa"] = "whatsapp",
        ["wsp"] = "whatsapp", ["wasap"] = "whatsapp", ["q"] = "que", ["k"] = "que", ["xq"] = "porque", ["pq"] = "porque",
        ["tmb"] = "tambien", ["tb"] = "tambien", ["xfa"] = "por favor", ["porfa"] = "por favor", ["fotito"] = "foto",
        ["fotitos"] = "fotos",
    };

    /// <summary>Words a number may be followed by that name a currency or an amount (split from "50usd", "100k"). Read only.</summary>
    public static readonly HashSet<string> Units = new(StringComparer.Ordinal)
    {
        "usd", "dollar", "dollars", "bucks", "eur", "euro", "euros", "gbp", "k", "btc", "pesos", "mxn", "dolares",
    };

    /// <summary>The leetspeak reading of a digit or symbol inside a word, or '\0'.</summary>
    public static char Leet(char c) => c switch
    {
        '0' => 'o',
        '1' => 'i',
        '3' => 'e',
        '4' => 'a',
        '5' => 's',
        '7' => 't',
        '8' => 'b',
        '9' => 'g',
        '@' => 'a',
        '$' => 's',
        '!' => 'i',
        '|' => 'l',
        '+' => 't',
        '€' => 'e',
        _ => '\0',
    };

    /// <summary>True for code points dropped without a trace: zero-width characters, soft hyphen, variation selectors,
    /// combining marks (decomposed diacritics), skin tones, tag characters, the keycap.</summary>
    public static bool IsIgnorable(int rune) =>
        rune is 0xAD or (>= 0x200B and <= 0x200F) or (>= 0x2060 and <= 0x2064) or 0xFEFF or (>= 0xFE00 and <= 0xFE0F)
            or (>= 0x0300 and <= 0x036F) or (>= 0x1F3FB and <= 0x1F3FF) or (>= 0xE0020 and <= 0xE007F) or 0x20E3
            or 0x34F or (>= 0x1AB0 and <= 0x1AFF) or (>= 0x20D0 and <= 0x20FF);

    /// <summary>
    /// Folds one code point to lowercase Latin: writes one or two characters to <paramref name="into"/> and returns how
    /// many, or 0 when the code point is not a letter or digit. <paramref name="lookAlike"/> is set for a Cyrillic or
    /// Greek look-alike, <paramref name="foreign"/> for another non-Latin letter (kept, lowercased).
    /// </summary>
    public static int Fold(int rune, Span<char> into, out bool lookAlike, out bool foreign)
    {
        lookAlike = false;
        foreign = false;
        if (rune < 0x80)
        {
            var c = (char)rune;
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                into[0] = c;
                return 1;
            }

            if (c is >= 'A' and <= 'Z')
            {
                into[0] = (char)(c + 32);
                return 1;
            }

            return 0;
        }

        if (rune is >= 0xC0 and <= 0xFF)
        {
            return Table(Latin1[rune - 0xC0], rune, into);
        }

        if (rune is >= 0x100 and <= 0x17F)
        {
            return Table(LatinExtendedA[rune - 0x100], rune, into);
        }

        if (rune is >= 0xFF10 and <= 0xFF19 or >= 0xFF21 and <= 0xFF3A or >= 0xFF41 and <= 0xFF5A)
        {
            return Fold(rune - 0xFEE0, into, out _, out _); // fullwidth
        }

        if (rune is >= 0x1D400 and <= 0x1D6A3)
        {
            var i = (rune - 0x1D400) % 52; // mathematical bold, italic, script, fraktur, double-struck, sans, mono letters
            into[0] = (char)('a' + (i < 26 ? i : i - 26));
            return 1;
        }

        if (rune is >= 0x1D7CE and <= 0x1D7FF)
        {
            into[0] = (char)('0' + ((rune - 0x1D7CE) % 10));
            return 1;
        }

        if (rune is >= 0x24B6 and <= 0x24E9)
        {
            into[0] = (char)('a' + ((rune - 0x24B6) % 26)); // circled letters
            return 1;
        }

        if (rune is >= 0x1F130 and <= 0x1F189)
        {
            into[0] = (char)('a' + ((rune - 0x1F130) % 26)); // squared and negative circled letters
            return 1;
        }

        if (rune is >= 0x370 and <= 0x4FF && rune <= char.MaxValue)
        {
            var table = rune < 0x400 ? Greek : Cyrillic;
            if (table.TryGetValue((char)rune, out var latin))
            {
                lookAlike = true;
                into[0] = latin;
                return 1;
            }
        }

        if (System.Text.Rune.IsLetterOrDigit(new System.Text.Rune(rune)))
        {
            foreign = true;
            return System.Text.Rune.ToLowerInvariant(new System.Text.Rune(rune)).EncodeToUtf16(into);
        }

        return 0;
    }

    private static int Table(char folded, int rune, Span<char> into)
    {
        switch (folded)
        {
            case '\0':
                return 0;
            case '*':
                var pair = rune switch
                {
                    0xC6 or 0xE6 => "ae",
                    0xDE or 0xFE => "th",
                    0xDF => "ss",
                    0x132 or 0x133 => "ij",
                    _ => "oe",
                };
                into[0] = pair[0];
                into[1] = pair[1];
                return 2;
            default:
                into[0] = folded;
                return 1;
        }
    }
}
