using System.Buffers.Binary;
using System.Numerics;

namespace Aegis.Matching.Content;

/// <summary>
/// The first page of a segment (in memory and on disk alike): what the segment holds and where each section is.
/// Little-endian; every section starts on a 4096-byte boundary so mapped spans are page-aligned.
/// </summary>
/// <remarks>
/// <code>
///   0  magic "AEGISCIX"        8  u32 format version      12  u32 header bytes (4096)
///  16  u64 XxHash3 of bytes [24, file length)             24  u64 file length
///  32  i32 items, i32 items with PDQ, i32 with MD5, i32 with SHA-256
///  48  i64 smallest row, i64 largest row
///  64  u8 bucket bits, u8 slot width, u8 row width, u8 chunks (8), u32 sections (24)
///  72  24 × (u64 offset, u64 length)
/// </code>
/// Sections, in order: PDQ hashes (32 B a slot), PDQ presence bitmap, row bases (one per 64 slots), row deltas,
/// 8 postings lists, MD5 fingerprints, MD5 rows, SHA-256 fingerprints, SHA-256 rows, 8 bucket tables.
/// </remarks>
internal sealed class SegmentHeader
{
    public const int Size = 4096;
    public const uint FormatVersion = 1;
    public const int Chunks = 8;
    public const int SectionCount = 24;
    public const int ChecksumOffset = 16;
    public const int CheckedFrom = 24;
    public const int MaxBucketBits = 24;

    public const int Hashes = 0;
    public const int PdqBitmap = 1;
    public const int RowBases = 2;
    public const int RowDeltas = 3;
    public const int FirstPostings = 4;
    public const int Md5Fingerprints = 12;
    public const int Md5Rows = 13;
    public const int ShaFingerprints = 14;
    public const int ShaRows = 15;

    /// <summary>The bucket tables come last: their lengths are known only once each is built.</summary>
    public const int FirstTable = 16;

    /// <summary>Slack after a postings list, so a 3-byte slot can be read as a 4-byte word.</summary>
    public const int SlotPadding = 4;

    private static ReadOnlySpan<byte> Magic => "AEGISCIX"u8;

    private SegmentHeader(int items, int pdqItems, int md5Items, int shaItems, long minRow, long maxRow, int rowWidth, long[] lengths)
    {
        Items = items;
        PdqItems = pdqItems;
        Md5Items = md5Items;
        ShaItems = shaItems;
        MinRow = minRow;
        MaxRow = maxRow;
        BucketBits = BucketBitsFor(pdqItems);
        SlotWidth = SlotWidthFor(items);
        RowWidth = rowWidth;
        Lengths = lengths;
        Offsets = new long[SectionCount];
        var position = (long)Size;
        for (var i = 0; i < SectionCount; i++)
        {
            Offsets[i] = position;
            position = Align(position + lengths[i]);
        }

        FileLength = position;
    }

    public int Items { get; }

    public int PdqItems { get; }

    public int Md5Items { get; }

    public int ShaItems { get; }

    public long MinRow { get; }

    public long MaxRow { get; }

    /// <summary>Bits of each 32-bit chunk that pick its bucket: ⌊log2(items with PDQ)⌋, clamped to 4..24.</summary>
    public int BucketBits { get; }

    /// <summary>Bytes of a slot number in postings and digest lists: 2, 3 or 4.</summary>
    public int SlotWidth { get; }

    /// <summary>Bytes of a row's delta from its block's base: 2, 4 or 8.</summary>
    public int RowWidth { get; }

    /// <summary>Bytes of a digest's row (its distance from <see cref="MinRow"/>): 2, 4 or 8.</summary>
    public int DigestRowWidth => DigestRowWidthFor(MinRow, MaxRow);

    public long[] Offsets { get; }

    public long[] Lengths { get; }

    public long FileLength { get; }

    public static int BucketBitsFor(int pdqItems) =>
        pdqItems == 0 ? 0 : Math.Clamp(BitOperations.Log2((uint)pdqItems), BucketTable.MinBits, MaxBucketBits);

    public static int SlotWidthFor(int items) => items <= 1 << 16 ? 2 : items <= 1 << 24 ? 3 : 4;

    /// <summary>Bytes of a digest's row, stored as its distance from the segment's smallest row: 2, 4 or 8.</summary>
    public static int DigestRowWidthFor(long minRow, long maxRow) => RowWidthFor(unchecked((ulong)(maxRow - minRow)));

    public static int RowWidthFor(ulong largestSpan) => largestSpan <= ushort.MaxValue ? 2 : largestSpan <= uint.MaxValue ? 4 : 8;

    public static long RowBlocks(int items) => (items + 63L) >> 6;

    /// <summary>Overflow blocks a table of this many entries can have at most (each holds more than 255 entries).</summary>
    public static int MaxOverflowBlocks(int pdqItems) =>
        pdqItems == 0 ? 0 : Math.Min(pdqItems / (byte.MaxValue + 1), (1 << BucketBitsFor(pdqItems)) >> 4);

    /// <summary>The layout of a segment with these contents; the tables' lengths depend on their overflow blocks.</summary>
    public static SegmentHeader Create(
        int items, int pdqItems, int md5Items, int shaItems, long minRow, long maxRow, int rowWidth, ReadOnlySpan<int> overflowBlocks)
    {
        var lengths = ExpectedLengths(items, pdqItems, md5Items, shaItems, rowWidth, DigestRowWidthFor(minRow, maxRow));
        for (var c = 0; c < Chunks; c++)
        {
            lengths[FirstTable + c] = pdqItems == 0 ? 0 : BucketTable.Bytes(BucketBitsFor(pdqItems), overflowBlocks[c]);
        }

        return new SegmentHeader(items, pdqItems, md5Items, shaItems, minRow, maxRow, rowWidth, lengths);
    }

    public void Write(Span<byte> page, ulong checksum)
    {
        page[..Size].Clear();
        Magic.CopyTo(page);
        BinaryPrimitives.WriteUInt32LittleEndian(page[8..], FormatVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(page[12..], Size);
        BinaryPrimitives.WriteUInt64LittleEndian(page[ChecksumOffset..], checksum);
        BinaryPrimitives.WriteInt64LittleEndian(page[24..], FileLength);
        BinaryPrimitives.WriteInt32LittleEndian(page[32..], Items);
        BinaryPrimitives.WriteInt32LittleEndian(page[36..], PdqItems);
        BinaryPrimitives.WriteInt32LittleEndian(page[40..], Md5Items);
        BinaryPrimitives.WriteInt32LittleEndian(page[44..], ShaItems);
        BinaryPrimitives.WriteInt64LittleEndian(page[48..], MinRow);
        BinaryPrimitives.WriteInt64LittleEndian(page[56..], MaxRow);
        page[64] = (byte)BucketBits;
        page[65] = (byte)SlotWidth;
        page[66] = (byte)RowWidth;
        page[67] = Chunks;
        BinaryPrimitives.WriteUInt32LittleEndian(page[68..], SectionCount);
        for (var i = 0; i < SectionCount; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(page[(72 + (16 * i))..], Offsets[i]);
            BinaryPrimitives.WriteInt64LittleEndian(page[(80 + (16 * i))..], Lengths[i]);
        }
    }

    public static ulong ReadChecksum(ReadOnlySpan<byte> page) => BinaryPrimitives.ReadUInt64LittleEndian(page[ChecksumOffset..]);

    /// <summary>
    /// Reads and checks a header against the file's real length: magic, version, counts, widths and the exact
    /// layout they imply. Anything else throws <see cref="ContentSnapshotException"/>.
    /// </summary>
    public static SegmentHeader Read(ReadOnlySpan<byte> page, long fileLength, string name)
    {
        if (page.Length < Size || !page[..8].SequenceEqual(Magic))
        {
            throw new ContentSnapshotException($"{name} is not a content index segment (no magic number).");
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(page[8..]);
        if (version != FormatVersion)
        {
            throw new ContentSnapshotException($"{name} is in segment format version {version}; this build reads version {FormatVersion}.");
        }

        var items = BinaryPrimitives.ReadInt32LittleEndian(page[32..]);
        var pdqItems = BinaryPrimitives.ReadInt32LittleEndian(page[36..]);
        var md5Items = BinaryPrimitives.ReadInt32LittleEndian(page[40..]);
        var shaItems = BinaryPrimitives.ReadInt32LittleEndian(page[44..]);
        var minRow = BinaryPrimitives.ReadInt64LittleEndian(page[48..]);
        var maxRow = BinaryPrimitives.ReadInt64LittleEndian(page[56..]);
        var rowWidth = page[66];
        var valid =
            BinaryPrimitives.ReadUInt32LittleEndian(page[12..]) == Size &&
            items >= 1 && pdqItems >= 0 && pdqItems <= items && md5Items >= 0 && md5Items <= items && shaItems >= 0 && shaItems <= items &&
            minRow <= maxRow && page[64] == BucketBitsFor(pdqItems) && page[65] == SlotWidthFor(items) &&
            rowWidth is 2 or 4 or 8 && page[67] == Chunks && BinaryPrimitives.ReadUInt32LittleEndian(page[68..]) == SectionCount;
        if (!valid)
        {
            throw new ContentSnapshotException($"{name} has an inconsistent header.");
        }

        var lengths = ExpectedLengths(items, pdqItems, md5Items, shaItems, rowWidth, DigestRowWidthFor(minRow, maxRow));
        for (var c = 0; c < Chunks; c++)
        {
            var length = BinaryPrimitives.ReadInt64LittleEndian(page[(80 + (16 * (FirstTable + c)))..]);
            if (pdqItems == 0 ? length != 0 : !BucketTable.IsValidLength(BucketBitsFor(pdqItems), length) || length > fileLength)
            {
                throw new ContentSnapshotException($"{name} has an inconsistent header.");
            }

            lengths[FirstTable + c] = length;
        }

        var header = new SegmentHeader(items, pdqItems, md5Items, shaItems, minRow, maxRow, rowWidth, lengths);
        for (var i = 0; i < SectionCount; i++)
        {
            if (BinaryPrimitives.ReadInt64LittleEndian(page[(72 + (16 * i))..]) != header.Offsets[i] ||
                BinaryPrimitives.ReadInt64LittleEndian(page[(80 + (16 * i))..]) != header.Lengths[i])
            {
                throw new ContentSnapshotException($"{name} has an inconsistent section table.");
            }
        }

        if (BinaryPrimitives.ReadInt64LittleEndian(page[24..]) != header.FileLength || fileLength != header.FileLength)
        {
            throw new ContentSnapshotException(
                $"{name} is {fileLength:N0} bytes but its header describes {header.FileLength:N0} (truncated or damaged).");
        }

        return header;
    }

    private static long[] ExpectedLengths(int items, int pdqItems, int md5Items, int shaItems, int rowWidth, int digestRowWidth)
    {
        var slotWidth = SlotWidthFor(items);
        var lengths = new long[SectionCount];
        lengths[Hashes] = items * 32L;
        lengths[PdqBitmap] = RowBlocks(items) * 8;
        lengths[RowBases] = RowBlocks(items) * 8;
        lengths[RowDeltas] = items * (long)rowWidth;
        for (var c = 0; c < Chunks; c++)
        {
            lengths[FirstPostings + c] = pdqItems == 0 ? 0 : (pdqItems * (long)slotWidth) + SlotPadding;
        }

        lengths[Md5Fingerprints] = md5Items * 8L;
        lengths[Md5Rows] = md5Items * (long)digestRowWidth;
        lengths[ShaFingerprints] = shaItems * 8L;
        lengths[ShaRows] = shaItems * (long)digestRowWidth;
        return lengths;
    }

    public static long Align(long position) => (position + Size - 1) & ~(long)(Size - 1);
}
