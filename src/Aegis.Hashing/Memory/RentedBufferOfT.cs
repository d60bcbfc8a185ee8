using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Aegis.Hashing.Memory;

/// <summary>
/// A working buffer of <typeparamref name="T"/> (contents undefined until written) that goes back where it came from
/// when disposed: to the shared array pool when it is at most <see cref="RentedBuffer.MaxPooledBytes"/>, else to native
/// memory kept for reuse only while large images keep coming and given back to the system within seconds of the last
/// (<see cref="NativeBlockCache"/>), so a burst of large images leaves nothing resident behind it. Disposing twice does
/// nothing more; the memory must not be used after.
/// </summary>
public sealed unsafe class RentedBuffer<T> : MemoryManager<T>
    where T : unmanaged
{
    private T[]? _array;
    private T* _native;
    private nuint _nativeBytes;
    private int _disposed;

    /// <exception cref="OutOfMemoryException">Native memory could not be had.</exception>
    public RentedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        if ((long)length * sizeof(T) <= RentedBuffer.MaxPooledBytes)
        {
            _array = ArrayPool<T>.Shared.Rent(length);
        }
        else
        {
            var (pointer, bytes) = NativeBlockCache.Shared.Rent((nuint)length * (nuint)sizeof(T));
            _native = (T*)pointer;
            _nativeBytes = bytes;
        }
    }

    /// <summary>The length asked for (a pooled array may be longer; the rest is not part of the buffer).</summary>
    public int Length { get; }

    /// <summary>Whether the memory is native (larger than <see cref="RentedBuffer.MaxPooledBytes"/>) rather than pooled.</summary>
    public bool IsNative => _native != null;

    public Span<T> Span => GetSpan();

    public override Memory<T> Memory => _array is { } array ? array.AsMemory(0, Length) : base.Memory;

    /// <summary>Frees the memory (returns it to the pool or to the system).</summary>
    public void Dispose() => ((IDisposable)this).Dispose();

    public override Span<T> GetSpan()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        return _array is { } array ? array.AsSpan(0, Length) : new Span<T>(_native, Length);
    }

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        ArgumentOutOfRangeException.ThrowIfNegative(elementIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(elementIndex, Length);
        if (_array is { } array)
        {
            var handle = GCHandle.Alloc(array, GCHandleType.Pinned);
            return new MemoryHandle(Unsafe.Add<T>((void*)handle.AddrOfPinnedObject(), elementIndex), handle);
        }

        return new MemoryHandle(_native + elementIndex);
    }

    public override void Unpin()
    {
        // Native memory never moves; a pinned array's handle is freed by its MemoryHandle.
    }

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (_array is { } array)
        {
            _array = null;
            ArrayPool<T>.Shared.Return(array);
        }
        else if (_native != null)
        {
            NativeBlockCache.Shared.Return((nint)_native, _nativeBytes);
            _native = null;
        }
    }
}
