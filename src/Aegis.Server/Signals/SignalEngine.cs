using Aegis.Core.Signals;
using Aegis.Server.Hosting;
using Aegis.Storage;

namespace Aegis.Server.Signals;

/// <summary>
/// The node's detectors: the starter banks (unless turned off) and the banks imported into the database, compiled
/// once and compiled again when any node changes a bank (the stored banks' stamp is read at most once a second).
/// </summary>
internal sealed class SignalEngine(SignalStore store, ServerOptions options, TimeProvider time)
{
    private readonly SemaphoreSlim _building = new(1, 1);
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
                SequenceWeights.Default with { Threshold = options.Signals.Threshold });
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
}
