using System.Globalization;
using Aegis.Core.Signals;

namespace Aegis.Server.Hosting;

/// <summary>
/// A platform's own trained model for the message signals (<c>Signals:Model</c>; docs/signals.md, "A platform's own
/// model", states the model's contract): an ONNX file run with ONNX Runtime beside the banks. Aegis ships no model.
/// </summary>
public sealed class SignalModelOptions
{
    /// <summary>The fewest hash buckets a model may take.</summary>
    public const int MinBuckets = 16;

    /// <summary>The most hash buckets a model may take (each thread running it holds a float per bucket).</summary>
    public const int MaxBuckets = 1 << 20;

    /// <summary>The ONNX model file; null: no model.</summary>
    public string? Path { get; set; }

    /// <summary>The model's name as explanations show it (rule <c>model:name/label</c>).</summary>
    public string Name { get; set; } = "platform-model";

    /// <summary>N: how many buckets the message's tokens and bigrams are hashed into (the model's input is float [1, N]).</summary>
    public int Buckets { get; set; } = 4096;

    /// <summary>The category (snake_case, <see cref="SignalCategories"/>) of each of the model's outputs, in order.</summary>
    public string[] Labels { get; set; } = [];

    /// <summary>The least score (0 to 1) of an output that is a hit.</summary>
    public double Threshold { get; set; } = 0.5;

    /// <summary>Whether a model is configured.</summary>
    internal bool Configured => !string.IsNullOrWhiteSpace(Path);

    /// <summary>Adds a problem naming the setting for each bad one; the model file itself is checked when it is loaded.</summary>
    internal static void Validate(SignalModelOptions o, List<string> problems)
    {
        static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        if (o.Buckets is < MinBuckets or > MaxBuckets)
        {
            problems.Add(Invariant($"Signals:Model:Buckets (AEGIS_SIGNALS__MODEL__BUCKETS) is {MinBuckets} to {MaxBuckets}; got {o.Buckets}."));
        }

        if (o.Threshold is <= 0 or > 1 || double.IsNaN(o.Threshold))
        {
            problems.Add(Invariant($"Signals:Model:Threshold (AEGIS_SIGNALS__MODEL__THRESHOLD) is more than 0 and at most 1; got {o.Threshold}."));
        }

        if (Core.Input.Identifier.Validate("Signals:Model:Name (AEGIS_SIGNALS__MODEL__NAME)", o.Name, 64) is { } badName)
        {
            problems.Add(badName);
        }
        else if (o.Name.Contains('/', StringComparison.Ordinal) || o.Name.Any(char.IsWhiteSpace))
        {
            problems.Add($"Signals:Model:Name (AEGIS_SIGNALS__MODEL__NAME) has no '/' or spaces (rules read model:name/label); got '{o.Name}'.");
        }

        foreach (var label in (o.Labels ?? []).Where(l => !SignalCategories.TryParse(l, out _)))
        {
            problems.Add($"Signals:Model:Labels (AEGIS_SIGNALS__MODEL__LABELS__0, …): '{label}' is not a category; use one of {SignalCategories.All}.");
        }

        if (!o.Configured)
        {
            return;
        }

        if (o.Labels is not { Length: > 0 })
        {
            problems.Add("Signals:Model:Labels (AEGIS_SIGNALS__MODEL__LABELS__0, …) names the category of each of the model's outputs; none is given.");
        }

        if (!File.Exists(o.Path))
        {
            problems.Add($"Signals:Model:Path (AEGIS_SIGNALS__MODEL__PATH): there is no file '{o.Path}'.");
        }
    }
}
