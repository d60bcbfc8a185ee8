namespace Aegis.Core.Signals;

/// <summary>
/// Pattern banks compiled into one token-level trie, matched in a single pass over a message like Aho–Corasick but
/// tolerant of small gaps: a partial match may skip up to <see cref="MaxGap"/> message tokens in all between its
/// phrase's words (so "send me your pics" hits "send me some of your pics pls"), while its first and last words must
/// be present. Words are token ids (a vocabulary built from the banks); a message word no bank uses can only be a gap.
/// A spaced-out word no bank knows ("sendpics" from "s e n d p i c s") is split into bank words when it splits
/// exactly. Immutable after <see cref="Compile"/>, so one matcher serves every thread, each with its <see cref="MatchScratch"/>.
/// </summary>
public sealed class PatternMatcher
{
    /// <summary>The most message tokens one match may skip between its phrase's words, in all.</summary>
    public const int MaxGap = 2;

    /// <summary>The id of any number (<c>{num}</c> in a phrase).</summary>
    internal const int NumberId = 0;

    private const int MaxSplit = 64;

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly string[] _words;
    private readonly int[] _root;
    private readonly Dictionary<long, int> _next;
    private readonly int[] _outputStart;
    private readonly int[] _outputs;

    private PatternMatcher(List<PatternRule> rules, Dictionary<string, int> vocabulary, Dictionary<long, int> next, int[] root, List<List<int>> outputs)
    {
        Entries = rules;
        _lookup = vocabulary.GetAlternateLookup<ReadOnlySpan<char>>();
        _words = new string[vocabulary.Count];
        foreach (var (word, id) in vocabulary)
        {
            _words[id] = word;
        }

        _next = next;
        _root = root;
        _outputStart = new int[outputs.Count + 1];
        var flat = new List<int>();
        for (var node = 0; node < outputs.Count; node++)
        {
            _outputStart[node] = flat.Count;
            flat.AddRange(outputs[node]);
        }

        _outputStart[outputs.Count] = flat.Count;
        _outputs = [.. flat];
        NodeCount = outputs.Count;
    }

    /// <summary>Every entry of the compiled banks, in bank order.</summary>
    public IReadOnlyList<PatternRule> Entries { get; }

    /// <summary>How many trie nodes the banks compiled to.</summary>
    public int NodeCount { get; }

    /// <summary>How many distinct words the banks use.</summary>
    public int VocabularySize => _words.Length;

    /// <summary>Compiles <paramref name="banks"/> (phrases normalised and expanded) into one matcher.</summary>
    public static PatternMatcher Compile(IEnumerable<PatternBank> banks)
    {
        ArgumentNullException.ThrowIfNull(banks);
        var rules = new List<PatternRule>();
        var vocabulary = new Dictionary<string, int>(StringComparer.Ordinal) { ["{num}"] = NumberId };
        var next = new Dictionary<long, int>();
        var outputs = new List<List<int>> { new() };
        foreach (var bank in banks)
        {
            foreach (var entry in bank.Entries)
            {
                var index = rules.Count;
                rules.Add(new PatternRule(bank.Name, bank.Version, entry));
                foreach (var phrase in PatternPhrase.Expand(entry.Phrase))
                {
                    var node = 0;
                    foreach (var word in phrase)
                    {
                        var id = IsNumber(word) ? NumberId : Intern(vocabulary, word);
                        var key = ((long)node << 32) | (uint)id;
                        if (!next.TryGetValue(key, out var child))
                        {
                            child = outputs.Count;
                            outputs.Add([]);
                            next.Add(key, child);
                        }

                        node = child;
                    }

                    if (!outputs[node].Contains(index))
                    {
                        outputs[node].Add(index);
                    }
                }
            }
        }

        var root = new int[vocabulary.Count];
        foreach (var (key, child) in next)
        {
            if (key >> 32 == 0)
            {
                root[(int)(key & 0xFFFFFFFF)] = child;
            }
        }

        return new PatternMatcher(rules, vocabulary, next, root, outputs);
    }

    /// <summary>Normalises <paramref name="text"/> and matches it; the hits are in <see cref="MatchScratch.Hits"/>.</summary>
    public ReadOnlySpan<PatternHit> Match(ReadOnlySpan<char> text, MatchScratch scratch) => Match(text, [], scratch);

    /// <summary>
    /// Normalises <paramref name="text"/> and matches it after <paramref name="prefix"/> (the token ids a previous
    /// message ended with, so a phrase split over two messages hits); hits wholly inside the prefix are dropped.
    /// </summary>
    public ReadOnlySpan<PatternHit> Match(ReadOnlySpan<char> text, ReadOnlySpan<int> prefix, MatchScratch scratch)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        TextNormalizer.Normalize(text, scratch.Tokens);
        scratch.Reset();
        foreach (var id in prefix)
        {
            scratch.AddId(id);
        }

        AddIds(scratch.Tokens, scratch);
        Run(scratch, prefix.Length);
        return scratch.Hits;
    }

    /// <summary>The words a hit covered, as the bank spells them ("…" for a word no bank uses): for explanations.</summary>
    public string Describe(MatchScratch scratch, PatternHit hit)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        var ids = scratch.Ids;
        var words = new string[hit.End - hit.Start + 1];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = ids[hit.Start + i] < 0 ? "…" : _words[ids[hit.Start + i]];
        }

        return string.Join(' ', words);
    }

    private static bool IsNumber(string word) => word.Length > 0 && char.IsAsciiDigit(word[0]);

    private static int Intern(Dictionary<string, int> vocabulary, string word)
    {
        if (!vocabulary.TryGetValue(word, out var id))
        {
            id = vocabulary.Count;
            vocabulary.Add(word, id);
        }

        return id;
    }

    private void AddIds(TokenBuffer tokens, MatchScratch scratch)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var kind = tokens.KindOf(i);
            if (kind == TokenKind.Number)
            {
                scratch.AddId(NumberId);
            }
            else if (_lookup.TryGetValue(tokens[i], out var id))
            {
                scratch.AddId(id);
            }
            else if (kind != TokenKind.Joined || !Split(tokens[i], scratch))
            {
                scratch.AddId(-1);
            }
        }
    }

    /// <summary>Splits a joined word into bank words, fewest words first; false when it does not split exactly.</summary>
    private bool Split(ReadOnlySpan<char> word, MatchScratch scratch)
    {
        if (word.Length > MaxSplit)
        {
            return false;
        }

        Span<int> best = stackalloc int[MaxSplit + 1];
        Span<int> from = stackalloc int[MaxSplit + 1];
        best.Fill(int.MaxValue);
        best[0] = 0;
        for (var end = 1; end <= word.Length; end++)
        {
            for (var start = 0; start < end; start++)
            {
                if (best[start] != int.MaxValue && best[start] + 1 < best[end] && _lookup.TryGetValue(word[start..end], out _))
                {
                    best[end] = best[start] + 1;
                    from[end] = start;
                }
            }
        }

        if (best[word.Length] == int.MaxValue)
        {
            return false;
        }

        Span<int> ends = stackalloc int[best[word.Length]];
        for (int at = word.Length, k = ends.Length - 1; at > 0; at = from[at], k--)
        {
            ends[k] = at;
        }

        var previous = 0;
        foreach (var end in ends)
        {
            _lookup.TryGetValue(word[previous..end], out var id);
            scratch.AddId(id);
            previous = end;
        }

        return true;
    }

    private void Run(MatchScratch scratch, int prefix)
    {
        var threads = scratch.Threads;
        var next = scratch.NextThreads;
        var count = 0;
        var ids = scratch.Ids;
        for (var p = 0; p < ids.Length; p++)
        {
            var id = ids[p];
            var nextCount = 0;
            for (var t = 0; t < count; t++)
            {
                var (node, start, gaps) = threads[t];
                if (id >= 0 && _next.TryGetValue(((long)node << 32) | (uint)id, out var child))
                {
                    Emit(child, start, p, prefix, scratch);
                    Push(next, ref nextCount, (child, start, gaps));
                }
                else if (gaps < MaxGap)
                {
                    Push(next, ref nextCount, (node, start, gaps + 1));
                }
            }

            if (id >= 0 && _root[id] is var first and not 0)
            {
                Emit(first, p, p, prefix, scratch);
                Push(next, ref nextCount, (first, p, 0));
            }

            (threads, next) = (next, threads);
            count = nextCount;
        }
    }

    private static void Push((int, int, int)[] threads, ref int count, (int, int, int) thread)
    {
        if (count < threads.Length)
        {
            threads[count++] = thread;
        }
    }

    private void Emit(int node, int start, int end, int prefix, MatchScratch scratch)
    {
        if (end < prefix)
        {
            return;
        }

        for (var i = _outputStart[node]; i < _outputStart[node + 1]; i++)
        {
            scratch.AddHit(new PatternHit(_outputs[i], start, end));
        }
    }
}
