using System.Diagnostics;
using System.Globalization;
using Aegis.Core.Signals;

namespace Aegis.Benchmarks;

/// <summary>
/// Signals at scale (issue 18), in one process: (1) bytes per conversation state: CONVERSATIONS states after 10 benign
/// messages each, measured as managed heap growth after a full GC; (2) ring clustering: CLUSTER script signatures (one
/// per conversation) of which 50 rings × 20 accounts each share a script (24 words) with names and amounts changed,
/// the rest synthetic chat messages; time to sign, time and allocation to cluster, and whether every planted ring came back whole.
/// Usage: Aegis.Benchmarks signals [CONVERSATIONS] [CLUSTER]
/// </summary>
internal static class SignalScale
{
    private const int Rings = 50;
    private const int RingSize = 20;

    public static int Run(string[] args)
    {
        var conversations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var cluster = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}");
        StateBytes(conversations);
        Clustering(cluster);
        return 0;
    }

    private static void StateBytes(int count)
    {
        var detector = new SignalDetector(PatternMatcher.Compile(StarterBanks.All()));
        var messages = SignalWorkload.Messages(10_000, seed: 7).Where(m => !m.Contains("  ", StringComparison.Ordinal)).ToArray();
        var states = new ConversationState[count];
        var before = Heap();
        var withEvidence = 0;
        for (var c = 0; c < count; c++)
        {
            var state = states[c] = new ConversationState();
            for (var m = 0; m < 10; m++)
            {
                var fromFirst = m % 2 == 0;
                detector.Observe(state, new ConversationMessage($"m{m}", fromFirst ? "a" : "b", fromFirst ? "b" : "a", DateTimeOffset.UnixEpoch, messages[((c * 10) + m) % messages.Length], 0, AgeBand.Unknown, AgeBand.From13To15));
            }

            withEvidence += state.Evidence.Count > 0 ? 1 : 0;
        }

        var after = Heap();
        Console.WriteLine($"state: {count:N0} conversations × 10 messages: {(after - before) / (double)count:F0} B per conversation on the heap " +
            $"({withEvidence:N0} with evidence kept; participant id strings shared, as a server holding ids would)");
        var empty = new ConversationState[count];
        before = Heap();
        for (var c = 0; c < count; c++)
        {
            empty[c] = new ConversationState();
        }

        Console.WriteLine($"state: a conversation without hits: {(Heap() - before) / (double)count:F0} B (object alone, plus the 8 B reference to it)");
        GC.KeepAlive(states);
        GC.KeepAlive(empty);
    }

    private static void Clustering(int count)
    {
        var names = new[] { "alex", "sam", "jordan", "maria", "lucas", "emma", "noah", "sofia", "liam", "ava" };
        var others = SignalWorkload.Messages(count, seed: 11);
        var random = new Random(18);
        var scripts = Enumerable.Range(0, Rings).Select(_ => string.Join(' ', Enumerable.Range(0, 24).Select(_ => others[random.Next(count)].Split(' ')[0] + random.Next(100)))).ToArray();
        var sign = Stopwatch.StartNew();
        var signatures = new ScriptSignature[count];
        var tokens = new TokenBuffer();
        for (var i = 0; i < count; i++)
        {
            string text;
            if (i < Rings * RingSize)
            {
                var ring = i / RingSize;
                text = $"hey {names[i % names.Length]} {scripts[ring]} pay me {100 + (i % 7 * 50)} dollars within {1 + (i % 3)} hours";
            }
            else
            {
                text = others[i];
            }

            TextNormalizer.Normalize(text, tokens);
            signatures[i] = ScriptSignature.Of(tokens);
        }

        sign.Stop();
        Console.WriteLine($"rings: signed {count:N0} scripts in {sign.Elapsed.TotalSeconds:F1} s ({sign.Elapsed.TotalMilliseconds * 1000 / count:F2} µs each; {count * 128 / 1e6:N0} MB of signatures)");
        GC.Collect();
        var allocated = GC.GetTotalAllocatedBytes(true);
        var clock = Stopwatch.StartNew();
        var roots = new RingClusterer().Components(signatures);
        clock.Stop();
        allocated = GC.GetTotalAllocatedBytes(true) - allocated;
        var whole = Enumerable.Range(0, Rings).Count(r => Enumerable.Range(r * RingSize, RingSize).Select(i => roots[i]).Distinct().Count() == 1);
        var clusters = roots.Select((root, i) => (root, i)).GroupBy(x => x.root).Count(g => g.Count() >= 3);
        var joinedBenign = roots.Skip(Rings * RingSize).Select((root, i) => root != i + (Rings * RingSize)).Count(x => x);
        Console.WriteLine($"rings: clustered {count:N0} in {clock.Elapsed.TotalSeconds:F2} s on one core, {allocated / 1e6:N0} MB allocated; " +
            $"{whole}/{Rings} planted rings whole; {clusters:N0} clusters of 3 or more; {joinedBenign:N0} synthetic messages joined to another");
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(true);
    }
}
