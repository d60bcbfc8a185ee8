namespace Aegis.Matching.Content;

/// <summary>Segments as files: written once, then only mapped.</summary>
internal sealed unsafe partial class Segment
{
    /// <summary>
    /// Opens the segment file of <paramref name="generation"/> that a manifest describes: its length, header and
    /// checksum must be the manifest's, and with <paramref name="verify"/> its bytes must hash to that checksum (read
    /// through the page cache rather than the mapping, so the check leaves nothing resident in this process).
    /// </summary>
    public static Segment Open(string directory, long generation, long length, ulong checksum, bool verify)
    {
        var name = SnapshotFiles.SegmentName(generation);
        var path = System.IO.Path.Combine(directory, name);
        try
        {
            var actual = new FileInfo(path);
            if (!actual.Exists)
            {
                throw new ContentSnapshotException($"Segment file {name} named by the manifest is missing.");
            }

            if (actual.Length != length)
            {
                throw new ContentSnapshotException($"Segment file {name} is {actual.Length:N0} bytes; the manifest says {length:N0} (truncated or replaced).");
            }

            var page = new byte[SegmentHeader.Size];
            using (var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                if (RandomAccess.Read(handle, page, 0) != page.Length)
                {
                    throw new ContentSnapshotException($"Segment file {name} is shorter than its header.");
                }
            }

            var header = SegmentHeader.Read(page, length, name);
            if (SegmentHeader.ReadChecksum(page) != checksum)
            {
                throw new ContentSnapshotException($"Segment file {name} is not the one the manifest names (checksum differs).");
            }

            if (verify && SnapshotFiles.Checksum(path, SegmentHeader.CheckedFrom) != checksum)
            {
                throw new ContentSnapshotException($"Segment file {name} is damaged (its checksum does not match its contents).");
            }

            return new Segment(MemoryRegion.MapFile(path, length), header, generation, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContentSnapshotException($"Segment file {name} could not be read: {e.Message}", e);
        }
    }

    /// <summary>Reads a byte of every page (the benchmark's "whole snapshot resident" figure); returns their sum.</summary>
    public long TouchEveryPage()
    {
        long sum = 0;
        for (long offset = 0; offset < Header.FileLength; offset += 4096)
        {
            sum += _region.Pointer[offset];
        }

        return sum;
    }

    /// <summary>The checksum stored in the header (set by <see cref="WriteFile"/>).</summary>
    public ulong Checksum => SegmentHeader.ReadChecksum(new ReadOnlySpan<byte>(_region.Pointer, SegmentHeader.Size));

    /// <summary>
    /// Writes this in-memory segment to its file in <paramref name="directory"/> (checksum, temporary name, fsync,
    /// rename) and returns the segment mapped from that file; this one is left for the caller to release.
    /// </summary>
    public Segment WriteFile(string directory)
    {
        var length = Header.FileLength;
        var checksum = SnapshotFiles.Checksum(_region.Pointer + SegmentHeader.CheckedFrom, length - SegmentHeader.CheckedFrom);
        Header.Write(new Span<byte>(_region.Pointer, SegmentHeader.Size), checksum);
        var path = System.IO.Path.Combine(directory, SnapshotFiles.SegmentName(Generation));
        SnapshotFiles.WriteAtomically(path, stream =>
        {
            for (long done = 0; done < length;)
            {
                var chunk = (int)Math.Min(length - done, 1 << 26);
                stream.Write(new ReadOnlySpan<byte>(_region.Pointer + done, chunk));
                done += chunk;
            }
        });

        try
        {
            return Open(directory, Generation, length, checksum, verify: false);
        }
        catch
        {
            SnapshotFiles.TryDelete(path);
            throw;
        }
    }
}
