using Aegis.Hashing.Files;
using Aegis.Hashing.Imaging;
using Aegis.Hashing.Video;

namespace Aegis.Cli.Files;

/// <summary>
/// Runs a per-file job on every core, one <see cref="ImageFileHasher"/> per worker, and hands the
/// results on in input order as soon as each and all before it are done; a progress bar on stderr
/// for long batches.
/// </summary>
internal static class FileBatch
{
    /// <summary>Batches at least this large get a progress bar (when stderr is a terminal).</summary>
    public const int ProgressThreshold = 50;

    public static void Run<T>(
        IReadOnlyList<HashTarget> targets,
        int threads,
        ImageLimits limits,
        bool showProgress,
        Func<ImageFileHasher, HashTarget, T> work,
        Action<T> inOrder,
        CancellationToken cancellationToken)
        where T : class
    {
        var emitter = new OrderedEmitter<T>(targets.Count, inOrder);
        using var progress = showProgress && targets.Count >= ProgressThreshold && ProgressDisplay.CanShow
            ? ProgressDisplay.Start(targets.Count)
            : null;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancellationToken };
        Parallel.For(
            0,
            targets.Count,
            parallel,
            () => new ImageFileHasher(limits),
            (i, _, hasher) =>
            {
                emitter.Complete(i, work(hasher, targets[i]));
                progress?.Increment();
                return hasher;
            },
            _ => { });
    }

    /// <summary>
    /// Hashes one target — an image, or a video (recognised from its first bytes) through ffmpeg —
    /// turning every expected failure into an error message.
    /// </summary>
    public static MediaHashes TryHash(ImageFileHasher hasher, VideoHasher videos, HashTarget target, bool dihedral)
    {
        if (target.Error is not null)
        {
            return MediaHashes.Failed(target.Error);
        }

        try
        {
            return IsVideo(target.Path)
                ? new MediaHashes(null, videos.HashFileAsync(target.Path).GetAwaiter().GetResult(), null)
                : new MediaHashes(hasher.HashFile(target.Path, dihedral), null, null);
        }
        catch (ImageDecodeException e)
        {
            return MediaHashes.Failed(e.Message);
        }
        catch (VideoHashException e)
        {
            return MediaHashes.Failed(e.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return MediaHashes.Failed($"Cannot read the file: {e.Message}");
        }
    }

    private static bool IsVideo(string path)
    {
        Span<byte> header = stackalloc byte[VideoSniffer.HeaderLength];
        using var file = File.OpenRead(path);
        var read = file.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        return VideoSniffer.LooksLikeVideo(header[..read]);
    }
}
