using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using CsCheck;
using Xunit.Abstractions;

namespace Aegis.Fuzz.Tests.Support;

/// <summary>
/// Runs a <see cref="FuzzTarget{T}"/> with CsCheck for <see cref="FuzzSettings.Seconds"/> (or replays
/// <see cref="FuzzSettings.Seed"/>). Each case must end normally or with a documented exception; it must not use more
/// than <see cref="MaxCaseCpu"/> of CPU (a watchdog reports one still running past it) nor allocate more than its
/// target's bound. A failing case is shrunk by CsCheck, which then prints the seed that replays it; the input is also
/// saved whole under <see cref="FuzzSettings.FindingsDirectory"/>.
/// </summary>
internal static class Fuzzer
{
    /// <summary>
    /// CPU one case may use: the inputs are at most a few hundred kilobytes, which every target handles in milliseconds,
    /// so ten seconds of CPU (not wall clock: the machine is shared) is a hang or a quadratic blow-up, never noise.
    /// </summary>
    public static readonly TimeSpan MaxCaseCpu = TimeSpan.FromSeconds(10);

    /// <summary>What a failure prints of the input; the whole input is in the saved file.</summary>
    private const int PreviewBytes = 512;

    public static async Task RunAsync<T>(ITestOutputHelper output, FuzzTarget<T> target)
    {
        using var watchdog = new CaseWatchdog();
        long cases = 0, documented = 0;
        var summary = new StringBuilder();
        var started = Stopwatch.StartNew();

        void Case(T input)
        {
            Interlocked.Increment(ref cases);
            long allocated;
            TimeSpan cpu;
            using (watchdog.Enter(() => Print(input)))
            {
                var cpuBefore = ThreadCpu.Current();
                var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    target.Body(input);
                }
                catch (Exception e) when (target.IsDocumented(e))
                {
                    Interlocked.Increment(ref documented);
                }

                allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                cpu = ThreadCpu.Current() - cpuBefore;
            }

            if (cpu > MaxCaseCpu)
            {
                throw new FuzzFindingException($"The case used {cpu.TotalSeconds:F1} s of CPU, over the bound of {MaxCaseCpu.TotalSeconds:F0} s.");
            }

            var bound = target.AllocationBound(input);
            if (allocated > bound)
            {
                throw new FuzzFindingException($"The case allocated {allocated:N0} bytes, over its bound of {bound:N0}.");
            }
        }

        string Print(T input) => Save(target.Name, target.Serialize(input), target.Describe(input));

        var sampling = Task.Factory.StartNew(
            () =>
            {
                if (FuzzSettings.Seed is { } seed)
                {
                    target.Gen.Sample(Case, line => summary.AppendLine(line), seed: seed, iter: 1, threads: 1, print: Print);
                }
                else
                {
                    target.Gen.Sample(Case, line => summary.AppendLine(line), time: FuzzSettings.Seconds, print: Print);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        if (await Task.WhenAny(sampling, watchdog.Hung) != sampling)
        {
            throw new FuzzFindingException($"{target.Name}: {await watchdog.Hung}");
        }

        await sampling;
        output.WriteLine(
            $"{target.Name}: {cases:N0} cases in {started.Elapsed.TotalSeconds:F0} s, {documented:N0} of them refused with a documented error. {summary}".TrimEnd());
    }

    /// <summary>
    /// Runs an asynchronous target (the HTTP burst, ffmpeg) the same way, <paramref name="target"/>'s concurrency cases
    /// at a time, with no CPU or allocation bound of its own: the work runs on other threads and processes, and the
    /// server's and ffmpeg's own limits bound it.
    /// </summary>
    public static async Task RunAsync<T>(ITestOutputHelper output, AsyncFuzzTarget<T> target)
    {
        long cases = 0, documented = 0;
        var summary = new StringBuilder();
        var started = Stopwatch.StartNew();

        async Task Case(T input)
        {
            Interlocked.Increment(ref cases);
            try
            {
                await target.Body(input);
            }
            catch (Exception e) when (target.IsDocumented(e))
            {
                Interlocked.Increment(ref documented);
            }
        }

        string Print(T input) => Save(target.Name, target.Serialize(input), target.Describe(input));

        if (FuzzSettings.Seed is { } seed)
        {
            await target.Gen.SampleAsync(Case, line => summary.AppendLine(line), seed: seed, iter: 1, threads: 1, print: Print);
        }
        else
        {
            await target.Gen.SampleAsync(Case, line => summary.AppendLine(line), time: FuzzSettings.Seconds, threads: target.Concurrency, print: Print);
        }

        output.WriteLine(
            $"{target.Name}: {cases:N0} cases in {started.Elapsed.TotalSeconds:F0} s, {documented:N0} of them refused with a documented error. {summary}".TrimEnd());
    }

    /// <summary>Saves the input whole and describes it: what else it was run with, its size, where it is, and its start.</summary>
    private static string Save(string name, byte[] bytes, string described)
    {
        var directory = Path.Combine(FuzzSettings.FindingsDirectory, name);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, Convert.ToHexStringLower(SHA256.HashData(bytes))[..16] + ".bin");
        File.WriteAllBytes(path, bytes);
        return (described.Length > 0 ? described + "; " : "") +
               $"input of {bytes.Length:N0} bytes saved to {path}; it starts (base64): " +
               Convert.ToBase64String(bytes, 0, Math.Min(bytes.Length, PreviewBytes));
    }
}
