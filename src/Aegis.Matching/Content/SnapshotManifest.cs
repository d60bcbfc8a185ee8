using System.Buffers.Binary;
using System.IO.Hashing;

namespace Aegis.Matching.Content;

/// <summary>
/// The snapshot's table of contents: the caller's checkpoint, the next free segment generation, and each segment
/// file with its length, checksum and item count. Written atomically (temporary file, fsync, rename); a segment
/// file it does not name is an orphan of a crash and is ignored.
/// </summary>
/// <remarks>
/// <code>
///   0  magic "AEGISCIM"   8  u32 format version   12  u32 segments   16  u64 XxHash3 of bytes [24, end)
///  24  i64 checkpoint    32  i64 next generation  40  segments × (i64 generation, i64 length, u64 checksum, i32 items, i32 0)
/// </code>
/// </remarks>
internal sealed record SnapshotManifest(long Checkpoint, long NextGeneration, IReadOnlyList<ManifestEntry> Segments)
{
    public const uint FormatVersion = 1;
    private const int HeaderBytes = 40;
    private const int EntryBytes = 32;
    private const int MaxSegments = 1 << 20;

    private static ReadOnlySpan<byte> Magic => "AEGISCIM"u8;

    public static SnapshotManifest Read(string directory)
    {
        var path = Path.Combine(directory, SnapshotFiles.ManifestName);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ContentSnapshotException($"No content index snapshot in {directory} (no manifest).", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ContentSnapshotException($"The content index manifest in {directory} could not be read: {e.Message}", e);
        }

        if (bytes.Length < HeaderBytes || !bytes.AsSpan(0, 8).SequenceEqual(Magic))
        {
            throw new ContentSnapshotException($"The content index manifest in {directory} is not a manifest (no magic number).");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        if (version != FormatVersion)
        {
            throw new ContentSnapshotException(
                $"The content index manifest in {directory} is in format version {version}; this build reads version {FormatVersion}.");
        }

        var count = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(12));
        if (count > MaxSegments || bytes.Length != HeaderBytes + (count * EntryBytes) ||
            BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(16)) != XxHash3.HashToUInt64(bytes.AsSpan(24)))
        {
            throw new ContentSnapshotException($"The content index manifest in {directory} is truncated or damaged.");
        }

        var entries = new ManifestEntry[count];
        for (var i = 0; i < count; i++)
        {
            var e = bytes.AsSpan(HeaderBytes + (i * EntryBytes));
            entries[i] = new ManifestEntry(
                BinaryPrimitives.ReadInt64LittleEndian(e),
                BinaryPrimitives.ReadInt64LittleEndian(e[8..]),
                BinaryPrimitives.ReadUInt64LittleEndian(e[16..]),
                BinaryPrimitives.ReadInt32LittleEndian(e[24..]));
        }

        var nextGeneration = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(32));
        if (entries.Any(e => e.Generation < 1 || e.Generation >= nextGeneration || e.Length < SegmentHeader.Size || e.Items < 1) ||
            entries.Select(e => e.Generation).Distinct().Count() != entries.Length)
        {
            throw new ContentSnapshotException($"The content index manifest in {directory} is inconsistent.");
        }

        return new SnapshotManifest(BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(24)), nextGeneration, entries);
    }

    public void Write(string directory)
    {
        var bytes = new byte[HeaderBytes + (Segments.Count * EntryBytes)];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(12), (uint)Segments.Count);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(24), Checkpoint);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(32), NextGeneration);
        for (var i = 0; i < Segments.Count; i++)
        {
            var e = bytes.AsSpan(HeaderBytes + (i * EntryBytes));
            BinaryPrimitives.WriteInt64LittleEndian(e, Segments[i].Generation);
            BinaryPrimitives.WriteInt64LittleEndian(e[8..], Segments[i].Length);
            BinaryPrimitives.WriteUInt64LittleEndian(e[16..], Segments[i].Checksum);
            BinaryPrimitives.WriteInt32LittleEndian(e[24..], Segments[i].Items);
        }

        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(16), XxHash3.HashToUInt64(bytes.AsSpan(24)));
        SnapshotFiles.WriteAtomically(Path.Combine(directory, SnapshotFiles.ManifestName), stream => stream.Write(bytes));
    }
}
