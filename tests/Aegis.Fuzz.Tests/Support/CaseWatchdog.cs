using System.Collections.Concurrent;

namespace Aegis.Fuzz.Tests.Support;

/// <summary>
/// Watches the fuzz cases running now, from a timer of its own, and reports the first one that has used more than
/// <see cref="Fuzzer.MaxCaseCpu"/> of CPU while still running: a case stuck in a loop never returns, so the check
/// after it cannot catch it. The stuck input is saved first (a hang gives no seed: the run never finishes).
/// </summary>
internal sealed class CaseWatchdog : IDisposable
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentDictionary<int, Running> _running = new();
    private readonly TaskCompletionSource<string> _hung = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Timer _timer;

    public CaseWatchdog()
    {
        _timer = new Timer(_ => Look(), null, Every, Every);
    }

    /// <summary>Completes, with what was seen, when a case runs over its CPU bound.</summary>
    public Task<string> Hung => _hung.Task;

    /// <summary>Starts watching the calling thread's case; dispose the result when the case returns.</summary>
    /// <param name="save">Saves the case's input and says where.</param>
    public Scope Enter(Func<string> save)
    {
        var tid = ThreadCpu.CurrentThreadId();
        if (tid != 0)
        {
            _running[tid] = new Running(ThreadCpu.Current(), save);
        }

        return new Scope(this, tid);
    }

    public void Dispose() => _timer.Dispose();

    private void Look()
    {
        foreach (var (tid, running) in _running)
        {
            if (ThreadCpu.Of(tid) is { } now && now - running.CpuAtStart > Fuzzer.MaxCaseCpu && _running.ContainsKey(tid))
            {
                _hung.TrySetResult(
                    $"a case has used {(now - running.CpuAtStart).TotalSeconds:F1} s of CPU and is still running " +
                    $"(bound {Fuzzer.MaxCaseCpu.TotalSeconds:F0} s); {running.Save()}");
            }
        }
    }

    private sealed record Running(TimeSpan CpuAtStart, Func<string> Save);

    /// <summary>Ends the watch of one case.</summary>
    public readonly struct Scope(CaseWatchdog watchdog, int tid) : IDisposable
    {
        public void Dispose()
        {
            if (tid != 0)
            {
                watchdog._running.TryRemove(tid, out _);
            }
        }
    }
}
