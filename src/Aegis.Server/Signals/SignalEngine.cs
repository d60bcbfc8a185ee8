using Aegis.Core.Signals;
using Aegis.Server.Hosting;
using Aegis.Storage;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.Signals;

/// <summary>
/// The node's detectors: the starter banks (unless turned off) and the banks imported into the database, compiled
/// once and compiled again when any node changes a bank (the stored banks' stamp is read at most once a second), and
/// the platform's own model (<c>Signals:Model</c>), loaded once when the engine is made (at the server's start).
/// </summary>
/// <exception cref="ArgumentException">The platform's model cannot be loaded or does not fit its settings.</exception>
internal sealed class SignalEngine(SignalStore store, ServerOptions options, TimeProvider time, ILogger<OnnxMessageClassifier> modelLogger) : IDisposable
{
    private readonly SemaphoreSlim _building = new(1, 1);
    private readonly OnnxMessageClassifier? _model =
        options.Signals.Enabled && options.Signals.Model.Configured ? OnnxMessageClassifier.Load(options.Signals.Model, modelLogger, time) : null;

    private (SignalDetector Detector, string Stamp, long CheckedAt)? _current;

    /// <summary>The detectors as the banks stand now.</summary>
    public async Task<SignalDetector> DetectorAsync(CancellationToken cancellationToken)
    {
        var now = time.GetTimestamp();
        if (_current is { } c && time.GetElapsedTime(c.CheckedAt, now) < TimeSpan.FromSeconds(1))
        {
            return c.Detector;
        }

        await _building.WaitAsync(cancellationToken);
        try
        {
            var stamp = await store.BanksStampAsync(cancellationToken);
            if (_current is { } same && same.Stamp == stamp)
            {
                _current = same with { CheckedAt = now };
                return same.Detector;
            }

            var banks = new List<PatternBank>();
            if (options.Signals.StarterBanks)
            {
                banks.AddRange(StarterBanks.All());
            }

            foreach (var body in await store.EnabledBankBodiesAsync(cancellationToken))
            {
                banks.Add(PatternBankFormat.Read(body));
            }

            var detector = new SignalDetector(
                PatternMatcher.Compile(banks.GroupBy(b => b.Name, StringComparer.Ordinal).Select(g => g.Last())),
                SequenceWeights.Default with { Threshold = options.Signals.Threshold },
                _model is null ? null : [_model]);
            _current = (detector, stamp, now);
            return detector;
        }
        finally
        {
            _building.Release();
        }
    }

    /// <summary>A bank changed on this node: the next batch compiles again.</summary>
    public void Invalidate() => _current = null;

    /// <summary>Frees the platform's model.</summary>
    public void Dispose() => _model?.Dispose();
}
