using Aegis.Core.Signals;
using BenchmarkDotNet.Attributes;

namespace Aegis.Benchmarks;

/// <summary>
/// Messages through the detectors on one core (issue 18; goal ≥ 50,000 messages/s with 5,000 pattern entries):
/// normalisation alone, normalise + match the compiled banks, and the whole detector (match, state update, score)
/// over 1,000 conversations of 10 messages. Each invocation handles 1,000 messages, so the mean is per 1,000.
/// </summary>
[MemoryDiagnoser]
public class SignalBenchmarks
{
    private const int Batch = 1_000;

    private readonly TokenBuffer _tokens = new();
    private readonly MatchScratch _scratch = new();
    private string[] _messages = [];
    private PatternMatcher _matcher = null!;
    private SignalDetector _detector = null!;
    private ConversationState[] _states = [];
    private int _next;

    [Params(5_000)]
    public int Entries { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _matcher = PatternMatcher.Compile(SignalWorkload.Banks(Entries));
        _detector = new SignalDetector(_matcher);
        _messages = SignalWorkload.Messages(100_000);
        _states = new ConversationState[Batch / 10];
        Console.WriteLine($"// {_matcher.Entries.Count} entries, {_matcher.NodeCount} trie nodes, {_matcher.VocabularySize} words; mean message {_messages.Average(m => m.Length):F0} chars");
    }

    [Benchmark(Description = "normalise", OperationsPerInvoke = Batch)]
    public int Normalize()
    {
        var tokens = 0;
        for (var i = 0; i < Batch; i++)
        {
            TextNormalizer.Normalize(Next(), _tokens);
            tokens += _tokens.Count;
        }

        return tokens;
    }

    [Benchmark(Description = "normalise + match", OperationsPerInvoke = Batch)]
    public int Match()
    {
        var hits = 0;
        for (var i = 0; i < Batch; i++)
        {
            hits += _matcher.Match(Next(), _scratch).Length;
        }

        return hits;
    }

    [Benchmark(Description = "detector (match + state + score)", OperationsPerInvoke = Batch)]
    public int Detect()
    {
        var signals = 0;
        var at = DateTimeOffset.UnixEpoch;
        for (var i = 0; i < Batch; i++)
        {
            var conversation = i % _states.Length;
            var round = i / _states.Length;
            if (round == 0)
            {
                _states[conversation] = new ConversationState(); // each invocation: 100 new conversations of 10 messages
            }

            var fromFirst = round % 2 == 0;
            var message = new ConversationMessage("m", fromFirst ? "a" : "b", fromFirst ? "b" : "a", at, Next(), 0, AgeBand.Unknown, AgeBand.From13To15);
            signals += _detector.Observe(_states[conversation], message) is null ? 0 : 1;
        }

        return signals;
    }

    private string Next()
    {
        _next = (_next + 1) % _messages.Length;
        return _messages[_next];
    }
}
