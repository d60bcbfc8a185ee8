using Aegis.Core.Signals;
using Aegis.Fakes;
using Aegis.Server.Hosting;
using Aegis.Server.Signals;
using Aegis.Server.Tests.Support;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.Tests.Signals;

/// <summary>
/// A platform's own ONNX model (<c>Signals:Model</c>), on a tiny model written by the test that knows one invented
/// phrase ("purple giraffe ultimatum") as a threat to share: it is a hit on the whole message labelled with its
/// category, other text is not; the threshold holds; a model that does not fit its settings, or is no model, is refused
/// naming the setting; the settings are checked; many threads at once get their own answers; a failing run is no hits,
/// logged at most once a minute.
/// </summary>
public sealed class OnnxMessageClassifierTests : IDisposable
{
    internal const string Phrase = "purple giraffe ultimatum";

    private readonly string _folder = Directory.CreateTempSubdirectory("aegis-onnx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_phrase_the_model_knows_is_a_hit_on_the_whole_message_and_other_text_is_not()
    {
        using var model = Load(Options(Model(Phrase, 4096, 2)));

        var hit = Assert.Single(model.Classify(Input("ok then, purple giraffe ultimatum")));
        Assert.Equal((SignalCategory.ThreatToShare, "threat_to_share", 0, 4), (hit.Category, hit.Label, hit.StartToken, hit.EndToken));
        Assert.InRange(hit.Weight, 0.9, 1.0); // σ(3) ≈ 0.95 by the model's weights
        Assert.Equal("platform-model", model.Name);

        Assert.Empty(model.Classify(Input("see you at football practice tomorrow")));
        Assert.Empty(model.Classify(Input("my purple giraffe is cute"))); // two of its words: σ(−1) ≈ 0.27
        Assert.Empty(model.Classify(Input("")));
    }

    [Fact]
    public void A_score_below_the_threshold_is_no_hit()
    {
        var options = Options(Model(Phrase, 4096, 2));
        options.Threshold = 0.99;
        using var model = Load(options);

        Assert.Empty(model.Classify(Input(Phrase)));
    }

    [Fact]
    public void A_model_that_does_not_fit_its_settings_is_refused_naming_the_setting()
    {
        var buckets = Assert.Throws<ArgumentException>(() => Load(Options(Model(Phrase, 1024, 2)))); // the settings say 4096
        Assert.StartsWith("Signals:Model:Buckets", buckets.Message, StringComparison.Ordinal);
        Assert.Contains("[1, 1024]", buckets.Message, StringComparison.Ordinal);

        var labels = Assert.Throws<ArgumentException>(() => Load(Options(Model(Phrase, 4096, 3)))); // 2 labels
        Assert.StartsWith("Signals:Model:Labels", labels.Message, StringComparison.Ordinal);

        var notAModel = Path.Combine(_folder, "not-a-model.onnx");
        File.WriteAllText(notAModel, "this is not an onnx model");
        var refused = Assert.Throws<ArgumentException>(() => Load(Options(notAModel)));
        Assert.StartsWith("Signals:Model:Path", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_bad_model_setting_is_named()
    {
        var model = Model(Phrase, 4096, 2);
        Assert.Empty(ServerOptionsValidator.Validate(new ServerOptions { Signals = { Model = Options(model) } }));

        var options = new ServerOptions
        {
            Signals =
            {
                Model = new SignalModelOptions
                {
                    Path = Path.Combine(_folder, "missing.onnx"), Name = "a/b", Buckets = 8, Threshold = 0, Labels = ["threat_to_share", "blackmail"],
                },
            },
        };
        var problems = ServerOptionsValidator.Validate(options);

        Assert.Equal(5, problems.Count);
        foreach (var (setting, mentions) in new[]
                 {
                     ("Signals:Model:Buckets", "16 to 1048576"), ("Signals:Model:Threshold", "at most 1"), ("Signals:Model:Name", "a/b"),
                     ("Signals:Model:Labels", "'blackmail'"), ("Signals:Model:Path", "missing.onnx"),
                 })
        {
            Assert.Contains(problems, p => p.StartsWith(setting, StringComparison.Ordinal) && p.Contains(mentions, StringComparison.Ordinal));
        }

        var noLabels = ServerOptionsValidator.Validate(new ServerOptions { Signals = { Model = new SignalModelOptions { Path = model } } });
        Assert.StartsWith("Signals:Model:Labels", Assert.Single(noLabels), StringComparison.Ordinal);
    }

    [Fact]
    public void Many_threads_at_once_each_get_the_answer_for_their_own_message()
    {
        using var model = Load(Options(Model(Phrase, 4096, 2)));
        var texts = Enumerable.Range(0, 400).Select(i => i % 2 == 0 ? $"message {i}: purple giraffe ultimatum" : $"message {i}: see you at practice").ToArray();
        var answers = new int[texts.Length];

        Parallel.For(0, texts.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i => answers[i] = model.Classify(Input(texts[i])).Count);

        Assert.Equal(texts.Select((_, i) => i % 2 == 0 ? 1 : 0), answers);
    }

    [Fact]
    public void A_failing_run_is_no_hits_and_is_logged_at_most_once_a_minute()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 2, 21, 0, 0, TimeSpan.Zero));
        var logger = new ListLogger();
        var model = OnnxMessageClassifier.Load(Options(Model(Phrase, 4096, 2)), logger, clock);
        model.Dispose(); // every run now throws

        Assert.Empty(model.Classify(Input(Phrase)));
        Assert.Empty(model.Classify(Input(Phrase)));
        Assert.Empty(model.Classify(Input(Phrase)));
        Assert.Single(logger.Errors);

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Empty(model.Classify(Input(Phrase)));
        Assert.Equal(2, logger.Errors.Count);
        Assert.Contains("2 other messages", logger.Errors[1], StringComparison.Ordinal);
    }

    /// <summary>Settings for a model at <paramref name="path"/>: 4096 buckets, outputs threat_to_share and payment_demand.</summary>
    internal static SignalModelOptions Options(string path) => new() { Path = path, Labels = ["threat_to_share", "payment_demand"] };

    private static OnnxMessageClassifier Load(SignalModelOptions options) => OnnxMessageClassifier.Load(options, new ListLogger(), TimeProvider.System);

    private static ClassifierInput Input(string text) => new(text, TextNormalizer.Tokenize(text));

    private string Model(string phrase, int buckets, int outputs)
    {
        var path = Path.Combine(_folder, $"model-{buckets}-{outputs}.onnx");
        File.WriteAllBytes(path, TinyOnnxModel.Phrase(phrase, buckets, outputs));
        return path;
    }

    /// <summary>The errors logged, formatted.</summary>
    private sealed class ListLogger : ILogger
    {
        public List<string> Errors { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                lock (Errors)
                {
                    Errors.Add(formatter(state, exception));
                }
            }
        }
    }
}
