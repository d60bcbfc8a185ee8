using System.Runtime.InteropServices;

namespace Aegis.Hashing.Memory;

/// <summary>
/// Large native blocks kept for reuse while large images keep coming, and given back to the system once none has been
/// reused for <see cref="IdleRelease"/>. Fresh memory costs a page fault a page: measured on the 2-core VM, hashing a
/// 16-megapixel JPEG took 1.4 s with fresh blocks for its pixels and float planes against 0.7 s with reused ones. A
/// block is reused for a request up to a quarter smaller; a request that no kept block fits frees them all before it
/// allocates, so what is kept and what is in use together never exceed what was in use at once.
/// </summary>
internal sealed unsafe class NativeBlockCache(TimeProvider time)
{
    /// <summary>How long a freed block is kept for reuse: a node between bursts gives its memory back within this.</summary>
    public static readonly TimeSpan IdleRelease = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private readonly List<Block> _kept = [];
    private ITimer? _timer;

    /// <summary>The cache <see cref="RentedBuffer{T}"/> uses.</summary>
    public static NativeBlockCache Shared { get; } = new(TimeProvider.System);

    /// <summary>Bytes kept for reuse now.</summary>
    public long KeptBytes
    {
        get
        {
            lock (_lock)
            {
                return _kept.Sum(b => (long)b.Bytes);
            }
        }
    }

    /// <summary>A block of at least <paramref name="bytes"/> and its size; contents undefined.</summary>
    /// <exception cref="OutOfMemoryException">The system has no memory for it.</exception>
    public (nint Pointer, nuint Bytes) Rent(nuint bytes)
    {
        List<Block> evicted;
        lock (_lock)
        {
            var best = -1;
            for (var i = 0; i < _kept.Count; i++)
            {
                if (_kept[i].Bytes >= bytes && _kept[i].Bytes - bytes <= _kept[i].Bytes / 4 && (best < 0 || _kept[i].Bytes < _kept[best].Bytes))
                {
                    best = i;
                }
            }

            if (best >= 0)
            {
                var block = _kept[best];
                _kept.RemoveAt(best);
                return (block.Pointer, block.Bytes);
            }

            evicted = [.. _kept];
            _kept.Clear();
        }

        Free(evicted);
        return ((nint)NativeMemory.Alloc(bytes), bytes);
    }

    /// <summary>Keeps the block for reuse; it is freed if no one takes it within <see cref="IdleRelease"/>.</summary>
    public void Return(nint pointer, nuint bytes)
    {
        lock (_lock)
        {
            _kept.Add(new Block(pointer, bytes, time.GetTimestamp()));
            _timer ??= time.CreateTimer(static cache => ((NativeBlockCache)cache!).ReleaseIdle(), this, IdleRelease, Timeout.InfiniteTimeSpan);
        }
    }

    private void ReleaseIdle()
    {
        List<Block> idle;
        lock (_lock)
        {
            var now = time.GetTimestamp();
            idle = _kept.FindAll(b => time.GetElapsedTime(b.FreedAt, now) >= IdleRelease);
            _kept.RemoveAll(idle.Contains);
            if (_kept.Count == 0)
            {
                _timer?.Dispose();
                _timer = null;
            }
            else
            {
                // Again when the oldest block left falls due.
                _timer!.Change(IdleRelease - time.GetElapsedTime(_kept.Min(b => b.FreedAt), now), Timeout.InfiniteTimeSpan);
            }
        }

        Free(idle);
    }

    private static void Free(List<Block> blocks)
    {
        foreach (var block in blocks)
        {
            NativeMemory.Free((void*)block.Pointer);
        }
    }

    private readonly record struct Block(nint Pointer, nuint Bytes, long FreedAt);
}
