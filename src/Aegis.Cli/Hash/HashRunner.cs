using System.Diagnostics;
using Aegis.Cli.Files;
using Aegis.Hashing.Video;

namespace Aegis.Cli.Hash;

/// <summary>
/// Hashes files on every core and prints one line a file, in input order. A bad file gets an
/// error line; the run goes on.
/// </summary>
internal sealed class HashRunner(HashRunOptions options, TextWriter output, TextWriter error)
{
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

        var formatter = new HashLineFormatter(options.Format, options.Dihedral);
        var videos = new VideoHasher();
        var failures = 0;
        FileBatch.Run(
            targets,
            options.Threads,
            options.Limits,
            options.ShowProgress,
            (hasher, target) => new HashLine(target.Path, FileBatch.TryHash(hasher, videos, target, options.Dihedral)),
            line =>
            {
                output.WriteLine(formatter.Format(line));
                failures += line.Error is null ? 0 : 1;
            },
            cancellationToken);
        output.Flush();

        var elapsed = stopwatch.Elapsed.TotalSeconds;
        if (targets.Count > 1)
        {
            error.WriteLine(
                $"aegis hash: {targets.Count - failures} hashed, {failures} failed, in {elapsed:F2} s ({targets.Count / Math.Max(elapsed, 1e-6):F0} files/s).");
        }

        return failures == 0 ? AegisCli.Success : AegisCli.SomeFailed;
    }
}
