using System.Diagnostics;
using Aegis.Hashing.Files;
using Aegis.Hashing.Imaging;

namespace Aegis.Cli.Hash;

/// <summary>
/// Hashes files on every core and prints one line a file, in input order, as soon as each line
/// and all before it are done. A bad file gets an error line; the run goes on.
/// </summary>
internal sealed class HashRunner(HashRunOptions options, TextWriter output, TextWriter error)
{
    /// <summary>Batches at least this large get a progress bar (when stderr is a terminal).</summary>
    public const int ProgressThreshold = 50;

    /// <summary>Runs over <paramref name="paths"/>; returns the exit code.</summary>
    public int Run(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var targets = FileEnumerator.Expand(paths, cancellationToken);
        if (targets.Count == 0)
        {
            error.WriteLine("aegis hash: no files found.");
            return AegisCli.SomeFailed;
        }

        var emitter = new OrderedEmitter(targets.Count, new HashLineFormatter(options.Format, options.Dihedral), output);
        using var progress = options.ShowProgress && targets.Count >= ProgressThreshold && ProgressDisplay.CanShow
            ? ProgressDisplay.Start(targets.Count)
            : null;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Threads, CancellationToken = cancellationToken };
        Parallel.For(
            0,
            targets.Count,
            parallel,
            () => new ImageFileHasher(options.Limits),
            (i, _, hasher) =>
            {
                emitter.Complete(i, HashOne(hasher, targets[i]));
                progress?.Increment();
                return hasher;
            },
            _ => { });
        output.Flush();

        var elapsed = stopwatch.Elapsed.TotalSeconds;
        if (targets.Count > 1)
        {
            error.WriteLine(
                $"aegis hash: {targets.Count - emitter.Failures} hashed, {emitter.Failures} failed, in {elapsed:F2} s ({targets.Count / Math.Max(elapsed, 1e-6):F0} files/s).");
        }

        return emitter.Failures == 0 ? AegisCli.Success : AegisCli.SomeFailed;
    }

    private HashLine HashOne(ImageFileHasher hasher, HashTarget target)
    {
        if (target.Error is not null)
        {
            return HashLine.Failed(target.Path, target.Error);
        }

        try
        {
            return HashLine.Ok(target.Path, hasher.HashFile(target.Path, options.Dihedral));
        }
        catch (ImageDecodeException e)
        {
            return HashLine.Failed(target.Path, e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return HashLine.Failed(target.Path, $"Cannot read the file: {e.Message}");
        }
    }
}
