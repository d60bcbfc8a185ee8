using System.Globalization;
using Aegis.Core.Signals;
using Aegis.Server.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Aegis.Server.Signals;

/// <summary>
/// A platform's own ONNX model (<c>Signals:Model</c>) as an <see cref="IMessageClassifier"/>: the message's tokens and
/// bigrams hashed into N buckets (<see cref="TokenFeatures"/>) in, one score 0..1 per configured category out; a score
/// at or above the threshold is a hit on the whole message, labelled with its category. One session per node, run from
/// any thread (ONNX Runtime's <c>Run</c> is thread-safe), each thread with its own input and output buffers. A failed
/// run is no hits, logged at most once a minute: a model never fails the intake.
/// </summary>
internal sealed partial class OnnxMessageClassifier : IMessageClassifier, IDisposable
{
    private const long LogEveryTicks = TimeSpan.TicksPerMinute;

    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly int _buckets;
    private readonly SignalCategory[] _categories;
    private readonly string[] _labels;
    private readonly double _threshold;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly RunOptions _run = new();
    private readonly ThreadLocal<Buffers> _buffers;
    private long _loggedAt = long.MinValue;
    private int _unlogged;

    private OnnxMessageClassifier(InferenceSession session, SignalModelOptions options, ILogger logger, TimeProvider time)
    {
        _session = session;
        _inputNames = [session.InputNames[0]];
        _outputNames = [session.OutputNames[0]];
        _buckets = options.Buckets;
        _labels = [.. options.Labels];
        _categories = [.. _labels.Select(l => SignalCategories.TryParse(l, out var c) ? c : throw new ArgumentException($"Signals:Model:Labels: '{l}' is not a category."))];
        _threshold = options.Threshold;
        _logger = logger;
        _time = time;
        Name = options.Name;
        _buffers = new ThreadLocal<Buffers>(() => new Buffers(_buckets, _labels.Length), trackAllValues: true);
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <summary>
    /// Loads the model at <see cref="SignalModelOptions.Path"/> and checks it against the settings: one float input
    /// [1, Buckets], one float output [1, Labels.Count], and a run on an empty message.
    /// </summary>
    /// <exception cref="ArgumentException">ONNX Runtime cannot load it, or it does not fit the settings; the message names the setting.</exception>
    public static OnnxMessageClassifier Load(SignalModelOptions options, ILogger logger, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        InferenceSession session;
        using (var sessionOptions = new SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL })
        {
            try
            {
                // One thread per run: messages are classified on many request threads at once, and the model is small.
                session = new InferenceSession(options.Path, sessionOptions);
            }
            catch (OnnxRuntimeException e)
            {
                throw new ArgumentException($"Signals:Model:Path (AEGIS_SIGNALS__MODEL__PATH): ONNX Runtime cannot load '{options.Path}': {e.Message}", e);
            }
        }

        try
        {
            Check(session, options);
            var classifier = new OnnxMessageClassifier(session, options, logger, time);
            classifier.Probe(options.Path!);
            return classifier;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <inheritdoc/>
    public IReadOnlyList<ClassifierHit> Classify(ClassifierInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Tokens.Count == 0)
        {
            return [];
        }

        try
        {
            var buffers = _buffers.Value!;
            TokenFeatures.Count(input.Tokens, buffers.Input);
            _session.Run(_run, _inputNames, buffers.Inputs, _outputNames, buffers.Outputs);
            List<ClassifierHit>? hits = null;
            for (var i = 0; i < buffers.Output.Length; i++)
            {
                var score = buffers.Output[i];
                if (score >= _threshold) // NaN is never a hit
                {
                    (hits ??= []).Add(new ClassifierHit(_categories[i], Math.Min(score, 1.0), 0, input.Tokens.Count - 1, _labels[i]));
                }
            }

            return hits ?? (IReadOnlyList<ClassifierHit>)[];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Failed(e);
            return [];
        }
    }

    /// <summary>Frees the session and every thread's buffers.</summary>
    public void Dispose()
    {
        foreach (var buffers in _buffers.Values)
        {
            buffers.Dispose();
        }

        _buffers.Dispose();
        _run.Dispose();
        _session.Dispose();
    }

    private static void Check(InferenceSession session, SignalModelOptions options)
    {
        static string Shape(NodeMetadata m) => $"{(m.IsTensor ? m.ElementType.Name : "not a tensor")} [{string.Join(", ", m.Dimensions.Select(d => d < 0 ? "?" : d.ToString(CultureInfo.InvariantCulture)))}]";
        static bool Fits(NodeMetadata m, int width) =>
            m.IsTensor && m.ElementType == typeof(float) && m.Dimensions is [1 or -1, var w] && w == width;

        if (session.InputMetadata.Count != 1 || session.OutputMetadata.Count != 1)
        {
            throw new ArgumentException(
                $"Signals:Model:Path (AEGIS_SIGNALS__MODEL__PATH): the model has {session.InputMetadata.Count} inputs and {session.OutputMetadata.Count} outputs; Aegis runs a model of one float input [1, N] and one float output [1, C] (docs/signals.md).");
        }

        var (inputName, input) = session.InputMetadata.Single();
        if (!Fits(input, options.Buckets))
        {
            throw new ArgumentException(
                $"Signals:Model:Buckets (AEGIS_SIGNALS__MODEL__BUCKETS) is {options.Buckets}, so the model's input is float [1, {options.Buckets}]; the model's input '{inputName}' is {Shape(input)}.");
        }

        var (outputName, output) = session.OutputMetadata.Single();
        if (output.IsTensor && output.ElementType == typeof(float) && output.Dimensions is [1 or -1, -1])
        {
            return; // the number of scores is known once run (Probe)
        }

        if (!Fits(output, options.Labels.Length))
        {
            throw new ArgumentException(
                $"Signals:Model:Labels (AEGIS_SIGNALS__MODEL__LABELS__0, …) names {options.Labels.Length} categories, one per output score, so the model's output is float [1, {options.Labels.Length}]; the model's output '{outputName}' is {Shape(output)}.");
        }
    }

    /// <summary>Runs the model once on an empty message: a model that fails or answers the wrong number of scores is refused now.</summary>
    private void Probe(string path)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(new float[_buckets], [1, _buckets]);
        try
        {
            using var results = _session.Run(_run, _inputNames, [input], _outputNames);
            var count = results[0].GetTensorTypeAndShape().ElementCount;
            if (count != _labels.Length)
            {
                throw new ArgumentException(
                    $"Signals:Model:Labels (AEGIS_SIGNALS__MODEL__LABELS__0, …) names {_labels.Length} categories, one per output score; the model answers {count} scores.");
            }
        }
        catch (OnnxRuntimeException e)
        {
            throw new ArgumentException($"Signals:Model:Path (AEGIS_SIGNALS__MODEL__PATH): the model '{path}' fails on an empty message: {e.Message}", e);
        }
    }

    private void Failed(Exception e)
    {
        var now = _time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _loggedAt);
        if ((last != long.MinValue && now - last is >= 0 and < LogEveryTicks) || Interlocked.CompareExchange(ref _loggedAt, now, last) != last)
        {
            Interlocked.Increment(ref _unlogged);
            return;
        }

        LogFailed(_logger, Name, Interlocked.Exchange(ref _unlogged, 0), e);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The platform's model {Name} failed on a message, which it gave no hits (as it did {Unlogged} other messages since the last report, at most one a minute).")]
    private static partial void LogFailed(ILogger logger, string name, int unlogged, Exception exception);

    /// <summary>One thread's input and output, held by ONNX Runtime values over them from one run to the next.</summary>
    private sealed class Buffers : IDisposable
    {
        public Buffers(int buckets, int labels)
        {
            Input = new float[buckets];
            Output = new float[labels];
            Inputs = [OrtValue.CreateTensorValueFromMemory(Input, [1, buckets])];
            Outputs = [OrtValue.CreateTensorValueFromMemory(Output, [1, labels])];
        }

        /// <summary>The bucket counts.</summary>
        public float[] Input { get; }

        /// <summary>The scores.</summary>
        public float[] Output { get; }

        /// <summary>The input as the run takes it.</summary>
        public OrtValue[] Inputs { get; }

        /// <summary>The output as the run fills it.</summary>
        public OrtValue[] Outputs { get; }

        public void Dispose()
        {
            Inputs[0].Dispose();
            Outputs[0].Dispose();
        }
    }
}
