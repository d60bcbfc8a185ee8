using System.Runtime.CompilerServices;

namespace Aegis.Matching.Content;

/// <summary>
/// A zero-filled array outside the GC heap, for the builder's temporaries and the tails: freed at once on
/// <see cref="Dispose"/>, so building segments of millions of items leaves no large garbage for the GC to keep
/// committed after it is done.
/// </summary>
internal sealed unsafe class NativeArray<T> : IDisposable
    where T : unmanaged
{
    private readonly MemoryRegion _region;

    public NativeArray(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        _region = MemoryRegion.Allocate(Math.Max(1, length * sizeof(T)));
    }

    public long Length { get; }

    public long Bytes => _region.Length;

    public T* Pointer => (T*)_region.Pointer;

    public ref T this[long index] => ref Unsafe.AsRef<T>((T*)_region.Pointer + index);

    /// <summary>The first <paramref name="count"/> elements (at most int.MaxValue).</summary>
    public Span<T> Span(long count) => new(_region.Pointer, checked((int)count));

    public void Dispose() => _region.Dispose();
}
