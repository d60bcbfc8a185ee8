using System.Text.Json;
using Aegis.Core.Signals;

namespace Aegis.Core.Tests.Signals;

/// <summary>The labelled stand-in corpus of tests/data/signals, run through the detectors.</summary>
internal static class SignalCorpus
{
    /// <summary>One labelled conversation and what the detectors made of it.</summary>
    internal sealed record Result(string Id, string Language, string Label, string Split, string Variant, SignalKind Predicted, Signal? Signal);

    /// <summary>Every conversation of the corpus, run through a detector with the starter banks.</summary>
    public static IReadOnlyList<Result> Run(SignalDetector detector)
    {
        var results = new List<Result>();
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "data", "signals", "conversations.jsonl")))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            var id = root.GetProperty("id").GetString()!;
            var recipientAge = Band(root.GetProperty("recipient_age").GetString());
            var senderAge = Band(root.GetProperty("sender_age").GetString());
            var connected = root.GetProperty("connected").GetBoolean();
            var state = new ConversationState();
            Signal? strongest = null;
            var n = 0;
            foreach (var message in root.GetProperty("messages").EnumerateArray())
            {
                var fromA = message.GetProperty("from").GetString() == "a";
                var signal = detector.Observe(state, new ConversationMessage(
                    $"{id}/m{n}",
                    fromA ? $"{id}/a" : $"{id}/b",
                    fromA ? $"{id}/b" : $"{id}/a",
                    start.AddMinutes(n++),
                    message.TryGetProperty("text", out var text) ? text.GetString() : null,
                    message.TryGetProperty("media", out var media) ? media.GetInt32() : 0,
                    fromA ? senderAge : recipientAge,
                    fromA ? recipientAge : senderAge,
                    connected));
                if (signal is not null && (strongest is null || signal.Kind > strongest.Kind))
                {
                    strongest = signal;
                }
            }

            results.Add(new Result(
                id,
                root.GetProperty("language").GetString()!,
                root.GetProperty("label").GetString()!,
                root.GetProperty("split").GetString()!,
                root.GetProperty("variant").GetString()!,
                strongest?.Kind ?? SignalKind.None,
                strongest));
        }

        return results;
    }

    private static AgeBand Band(string? band) => band switch
    {
        "under13" => AgeBand.Under13,
        "13-15" => AgeBand.From13To15,
        "16-17" => AgeBand.From16To17,
        "adult" => AgeBand.Adult,
        _ => AgeBand.Unknown,
    };
}
