using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Aegis.Matching.Content;

/// <summary>
/// The files of a snapshot directory: <c>manifest</c> (the segments and the checkpoint),
/// <c>segment-{generation}.cix</c> (one per segment) and <c>*.tmp</c> (a write in progress). Files are written to a
/// temporary name, flushed to disk, renamed, and the directory flushed, so a crash leaves the old or the new file,
/// never a torn one.
/// </summary>
internal static partial class SnapshotFiles
{
    public const string ManifestName = "manifest";
    private const string SegmentPrefix = "segment-";
    private const string SegmentSuffix = ".cix";
    private const string TemporarySuffix = ".tmp";

    public static string SegmentName(long generation) =>
        string.Create(CultureInfo.InvariantCulture, $"{SegmentPrefix}{generation:D12}{SegmentSuffix}");

    /// <summary>The generation a segment file's name carries.</summary>
    public static bool TryParseGeneration(string fileName, out long generation)
    {
        generation = 0;
        return fileName.StartsWith(SegmentPrefix, StringComparison.Ordinal) && fileName.EndsWith(SegmentSuffix, StringComparison.Ordinal) &&
               long.TryParse(fileName.AsSpan(SegmentPrefix.Length, fileName.Length - SegmentPrefix.Length - SegmentSuffix.Length),
                   NumberStyles.None, CultureInfo.InvariantCulture, out generation);
    }

    /// <summary>Writes <paramref name="write"/>'s bytes to <paramref name="path"/> atomically and durably.</summary>
    public static void WriteAtomically(string path, Action<FileStream> write)
    {
        var temporary = path + TemporarySuffix;
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
        {
            write(stream);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        FlushDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>XxHash3 of a file's bytes from <paramref name="offset"/> on, read through the page cache.</summary>
    public static ulong Checksum(string path, long offset)
    {
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var hash = new XxHash3();
        var buffer = new byte[1 << 20];
        var length = RandomAccess.GetLength(handle);
        for (var position = offset; position < length;)
        {
            var read = RandomAccess.Read(handle, buffer, position);
            if (read == 0)
            {
                break;
            }

            hash.Append(buffer.AsSpan(0, read));
            position += read;
        }

        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>XxHash3 of memory, in spans of at most 1 GiB.</summary>
    public static unsafe ulong Checksum(byte* start, long length)
    {
        var hash = new XxHash3();
        for (long done = 0; done < length;)
        {
            var chunk = (int)Math.Min(length - done, 1 << 30);
            hash.Append(new ReadOnlySpan<byte>(start + done, chunk));
            done += chunk;
        }

        return hash.GetCurrentHashAsUInt64();
    }

    /// <summary>
    /// Deletes segment files not in <paramref name="keep"/> and leftover temporary files of segments and the manifest
    /// (a crash between writing a segment and the manifest that names it); other files are left alone. Best effort:
    /// a file that cannot be deleted is left for next time.
    /// </summary>
    public static void DeleteUnlisted(string directory, IReadOnlySet<long> keep)
    {
        foreach (var path in Directory.EnumerateFiles(directory))
        {
            var name = Path.GetFileName(path);
            var orphan = name == ManifestName + TemporarySuffix ||
                         (name.EndsWith(TemporarySuffix, StringComparison.Ordinal) && TryParseGeneration(name[..^TemporarySuffix.Length], out _)) ||
                         (TryParseGeneration(name, out var generation) && !keep.Contains(generation));
            if (orphan)
            {
                TryDelete(path);
            }
        }
    }

    /// <summary>Deletes the manifest, then every segment and temporary file: the directory holds no snapshot after.</summary>
    public static void DeleteSnapshot(string directory)
    {
        TryDelete(Path.Combine(directory, ManifestName));
        DeleteUnlisted(directory, new HashSet<long>());
    }

    /// <summary>The largest generation any segment file in the directory carries (0 if none).</summary>
    public static long LargestGeneration(string directory)
    {
        long largest = 0;
        foreach (var path in Directory.EnumerateFiles(directory, SegmentPrefix + "*"))
        {
            if (TryParseGeneration(Path.GetFileName(path), out var generation))
            {
                largest = Math.Max(largest, generation);
            }
        }

        return largest;
    }

    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>fsync on the directory, so a rename in it survives a power cut (Linux; elsewhere a no-op).</summary>
    private static void FlushDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Open(directory, 0);
        if (fd >= 0)
        {
            _ = Fsync(fd);
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync")]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
