using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

namespace Aegis.Matching.Content;

/// <summary>
/// A block of memory outside the GC heap that a segment lives in: anonymous pages (a segment built in memory) or a
/// read-only mapping of a segment file. Anonymous blocks come straight from <c>mmap</c> on Linux, so freeing one
/// gives its pages back to the system at once (malloc would keep blocks under its mmap threshold in its arenas).
/// </summary>
internal sealed unsafe partial class MemoryRegion : IDisposable
{
    private const int ProtRead = 1;
    private const int ProtWrite = 2;
    private const int MapPrivate = 2;
    private const int MapAnonymous = 0x20;
    private const int MadviseRandom = 1;
    private const int MadviseHugePage = 14;
    private const long HugePageSize = 2 * 1024 * 1024;

    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly bool _anonymousMapping;
    private int _disposed;

    private MemoryRegion(byte* pointer, long length, MemoryMappedFile? file, MemoryMappedViewAccessor? view, bool anonymousMapping)
    {
        Pointer = pointer;
        Length = length;
        _file = file;
        _view = view;
        _anonymousMapping = anonymousMapping;
    }

    public byte* Pointer { get; }

    public long Length { get; }

    /// <summary>True for a file mapping (its pages belong to the page cache), false for anonymous memory.</summary>
    public bool IsMapped => _file is not null;

    /// <summary>Zero-filled writable memory, page-aligned.</summary>
    public static MemoryRegion Allocate(long length)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(length, 1);
        if (OperatingSystem.IsLinux())
        {
            var address = Mmap(0, (nuint)length, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
            if (address == -1)
            {
                throw new OutOfMemoryException($"Could not map {length:N0} bytes for a content index segment (errno {Marshal.GetLastPInvokeError()}).");
            }

            if (length >= 2 * HugePageSize)
            {
                // Searches read at random across the segment; huge pages spare most TLB misses. Best effort.
                _ = Madvise(address, (nuint)length, MadviseHugePage);
            }

            return new MemoryRegion((byte*)address, length, null, null, anonymousMapping: true);
        }

        var pointer = (byte*)NativeMemory.AlignedAlloc((nuint)length, 4096);
        NativeMemory.Clear(pointer, (nuint)length);
        return new MemoryRegion(pointer, length, null, null, anonymousMapping: false);
    }

    /// <summary>Maps a whole file read-only. Pages are read in only as searches touch them.</summary>
    public static MemoryRegion MapFile(string path, long length)
    {
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        MemoryMappedViewAccessor? view = null;
        try
        {
            view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            pointer += view.PointerOffset;
            if (OperatingSystem.IsLinux())
            {
                // Lookups touch a few scattered pages; reading ahead around each would only fill memory.
                var start = (nint)pointer & ~(nint)4095;
                _ = Madvise(start, (nuint)((nint)pointer + (nint)length - start), MadviseRandom);
            }

            return new MemoryRegion(pointer, length, file, view, anonymousMapping: false);
        }
        catch
        {
            view?.Dispose();
            file.Dispose();
            throw;
        }
    }

    public Span<byte> Span(long offset, int length) => new(Pointer + offset, length);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
            _file!.Dispose();
        }
        else if (_anonymousMapping)
        {
            _ = Munmap((nint)Pointer, (nuint)Length);
        }
        else
        {
            NativeMemory.AlignedFree(Pointer);
        }
    }

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(nint address, nuint length);

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
