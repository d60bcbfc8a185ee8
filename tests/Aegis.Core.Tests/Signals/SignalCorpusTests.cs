using System.Globalization;
using Aegis.Core.Signals;
using Xunit.Abstractions;

namespace Aegis.Core.Tests.Signals;

/// <summary>
/// Precision and recall of the detectors with the starter banks on the stand-in corpus. The rules were tuned on the
/// <c>tune</c> part only; the floors are set under what the <c>heldout</c> part measured (precision 1.000, recall
/// 0.682; docs/signals.md), so a change that loses ground fails without the floors chasing the measurement.
/// </summary>
public sealed class SignalCorpusTests(ITestOutputHelper output)
{
    /// <summary>Held-out recall of harmful conversations (sextortion or grooming flagged at all): measured 0.682.</summary>
    private const double RecallFloor = 0.6;

    /// <summary>Held-out precision: measured 1.000 (no benign conversation flagged); one false alarm in 32 benign passes.</summary>
    private const double PrecisionFloor = 0.9;

    [Fact]
    public void The_detectors_find_the_harmful_conversations_and_leave_the_benign_ones()
    {
        var results = SignalCorpus.Run(new SignalDetector(PatternMatcher.Compile(StarterBanks.All())));

        foreach (var split in new[] { "tune", "heldout" })
        {
            var part = results.Where(r => r.Split == split).ToList();
            var (precision, recall, kinds) = Measure(part);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{split}: {part.Count} conversations ({part.Count(r => r.Label != "benign")} harmful): precision {precision:0.000}, recall {recall:0.000}, right kind {kinds:0.000}"));
            foreach (var language in new[] { "en", "es" })
            {
                var (p, r, _) = Measure([.. part.Where(x => x.Language == language)]);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {language}: precision {p:0.000}, recall {r:0.000}"));
            }

            foreach (var variant in new[] { "plain", "adversarial" })
            {
                var (p, r, _) = Measure([.. part.Where(x => (x.Variant == "plain") == (variant == "plain"))]);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {variant}: precision {p:0.000}, recall {r:0.000}"));
            }

            if (split == "heldout")
            {
                foreach (var paraphrase in new[] { false, true })
                {
                    var (p, r, _) = Measure([.. part.Where(x => x.Id.Contains("-p", StringComparison.Ordinal) == paraphrase)]);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {(paraphrase ? "paraphrases" : "first set")}: precision {p:0.000}, recall {r:0.000}"));
                }
            }

            if (split == "tune")
            {
                foreach (var miss in part.Where(r => (r.Label == "benign") != (r.Predicted == SignalKind.None) || (r.Label != "benign" && r.Predicted.ToString().ToLowerInvariant() != r.Label)))
                {
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"    tune error: {miss.Id} ({miss.Variant}) labelled {miss.Label}, found {miss.Predicted} {miss.Signal?.Score:0.00} {string.Join("; ", miss.Signal?.Parts.Select(p => $"{p.Reason} {p.Points}") ?? [])}"));
                }
            }
        }

        var (heldPrecision, heldRecall, _) = Measure([.. results.Where(r => r.Split == "heldout")]);
        Assert.True(heldRecall >= RecallFloor, $"held-out recall {heldRecall}");
        Assert.True(heldPrecision >= PrecisionFloor, $"held-out precision {heldPrecision}");
    }

    private static (double Precision, double Recall, double Kinds) Measure(IReadOnlyList<SignalCorpus.Result> results)
    {
        var truePositive = results.Count(r => r.Label != "benign" && r.Predicted != SignalKind.None);
        var falsePositive = results.Count(r => r.Label == "benign" && r.Predicted != SignalKind.None);
        var falseNegative = results.Count(r => r.Label != "benign" && r.Predicted == SignalKind.None);
        var rightKind = results.Count(r => r.Label != "benign" && r.Predicted.ToString().Equals(r.Label, StringComparison.OrdinalIgnoreCase));
        return (
            truePositive + falsePositive == 0 ? 1 : truePositive / (double)(truePositive + falsePositive),
            truePositive + falseNegative == 0 ? 1 : truePositive / (double)(truePositive + falseNegative),
            truePositive == 0 ? 0 : rightKind / (double)truePositive);
    }
}
