using System.Buffers;
using System.Runtime.InteropServices;

namespace Aegis.Server.Hma;

/// <summary>
/// A fetched body's bytes in native memory: it grows with <c>realloc</c>, which on Linux remaps a large block instead
/// of copying it (so a growing body never holds its old and new buffers at once), and it is freed the moment it is
/// disposed, not when the GC next comes by. <see cref="Bytes"/> is the part filled; reading it after disposal throws.
/// </summary>
internal sealed unsafe class HmaBodyBuffer : MemoryManager<byte>
{
    private byte* _pointer;

    public HmaBodyBuffer(int capacity)
    {
        _pointer = (byte*)NativeMemory.Alloc((nuint)Math.Max(capacity, 1));
        Capacity = capacity;
    }

    /// <summary>Bytes it can hold.</summary>
    public int Capacity { get; private set; }

    /// <summary>Bytes filled.</summary>
    public int Filled { get; set; }

    /// <summary>The filled bytes.</summary>
    public ReadOnlyMemory<byte> Bytes => Memory[..Filled];

    /// <summary>Room for more: the bytes after <see cref="Filled"/>.</summary>
    public Memory<byte> Free => Memory[Filled..];

    /// <summary>Grows to <paramref name="capacity"/> bytes, keeping the filled ones.</summary>
    public void Grow(int capacity)
    {
        ObjectDisposedException.ThrowIf(_pointer is null, this);
        _pointer = (byte*)NativeMemory.Realloc(_pointer, (nuint)capacity);
        Capacity = capacity;
    }

    /// <summary>Frees the memory; disposing twice does nothing more.</summary>
    public void Dispose() => ((IDisposable)this).Dispose();

    public override Span<byte> GetSpan()
    {
        ObjectDisposedException.ThrowIf(_pointer is null, this);
        return new Span<byte>(_pointer, Capacity);
    }

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ObjectDisposedException.ThrowIf(_pointer is null, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)elementIndex, (uint)Capacity, nameof(elementIndex));
        return new MemoryHandle(_pointer + elementIndex); // native memory never moves
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        // No finalizer (CA2015): a Span over the memory could outlive it. Every owner disposes it.
        NativeMemory.Free(_pointer);
        _pointer = null;
        Capacity = 0;
        Filled = 0;
    }
}
