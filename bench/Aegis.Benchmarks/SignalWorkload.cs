using System.Text;
using Aegis.Core.Signals;

namespace Aegis.Benchmarks;

/// <summary>
/// Synthetic messages and pattern entries for the signal benchmarks (issue 18): the starter banks plus generated
/// entries up to a total, and chat-like messages of 10–30 words, one in twenty carrying a bank phrase, some in
/// leetspeak, spaced out or with emoji. Benign stand-ins; fixed seeds.
/// </summary>
internal static class SignalWorkload
{
    private static readonly string[] Common =
    [
        "hey", "hi", "lol", "ok", "so", "the", "a", "to", "and", "you", "me", "your", "i", "is", "it", "that", "send", "pics",
        "what", "are", "doing", "later", "school", "game", "play", "tonight", "tomorrow", "haha", "yes", "no", "maybe", "can",
        "we", "go", "see", "this", "was", "so", "funny", "did", "get", "money", "card", "gift", "new", "phone", "love", "it",
        "que", "haces", "hola", "mañana", "jaja", "foto", "mi", "tu", "de", "la", "el", "en", "con", "para", "vamos",
    ];

    private static readonly string[] Phrases =
    [
        "send me your pics", "how old are you", "dont tell your parents", "add me on snapchat", "i have your nudes",
        "pay me $200 in gift cards", "s3nd m3 ur p1cs", "s e n d  p i c s", "buy me a 🎁💳", "mándame fotos sin ropa",
        "¿cuántos años tienes?", "no le digas a nadie",
    ];

    /// <summary>The starter banks plus generated entries, <paramref name="total"/> entries in all.</summary>
    public static List<PatternBank> Banks(int total)
    {
        var banks = StarterBanks.All().ToList();
        var have = banks.Sum(b => b.Entries.Count);
        var random = new Random(18);
        var words = Enumerable.Range(0, 3000).Select(i => Word(random, i)).ToArray();
        var entries = new List<PatternEntry>();
        for (var i = 0; i < total - have; i++)
        {
            var length = random.Next(2, 6);
            // The first word is always a generated one (so the generated entries do not fire on everyday words), the
            // others everyday words one time in four (so their trie paths share the everyday words messages use).
            var phrase = string.Join(' ', Enumerable.Range(0, length).Select(w => w > 0 && random.Next(4) == 0 ? Common[random.Next(Common.Length)] : words[random.Next(words.Length)]));
            entries.Add(new PatternEntry($"synthetic-{i}", (SignalCategory)(i % SignalCategories.Count), phrase, 0.5));
        }

        banks.Add(new PatternBank("synthetic", "1", "en", entries));
        return banks;
    }

    /// <summary><paramref name="count"/> chat-like messages.</summary>
    public static string[] Messages(int count, int seed = 42)
    {
        var random = new Random(seed);
        var messages = new string[count];
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            text.Clear();
            var length = random.Next(10, 31);
            for (var w = 0; w < length; w++)
            {
                if (w > 0)
                {
                    text.Append(' ');
                }

                var word = random.Next(50) == 0 ? random.Next(1000).ToString(System.Globalization.CultureInfo.InvariantCulture) : Common[random.Next(Common.Length)];
                text.Append(random.Next(30) == 0 ? word.Replace('e', '3').Replace('o', '0') : word);
            }

            if (random.Next(20) == 0)
            {
                text.Append(' ').Append(Phrases[random.Next(Phrases.Length)]);
            }

            if (random.Next(10) == 0)
            {
                text.Append(" 😂");
            }

            messages[i] = text.ToString();
        }

        return messages;
    }

    private static string Word(Random random, int i)
    {
        const string letters = "abcdefghijklmnopqrstuvwxyz";
        var length = random.Next(4, 9);
        var chars = new char[length];
        for (var c = 0; c < length; c++)
        {
            chars[c] = letters[random.Next(letters.Length)];
        }

        return new string(chars) + (i % 10);
    }
}
