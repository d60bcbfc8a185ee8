namespace Aegis.Hashing.Memory;

/// <summary>Where <see cref="RentedBuffer{T}"/> draws the line between pooled and native memory.</summary>
public static class RentedBuffer
{
    /// <summary>
    /// Buffers up to this many bytes come from <c>ArrayPool.Shared</c>; larger ones from native memory, given back to
    /// the system once idle (<see cref="NativeBlockCache"/>). 16 MiB is a 4-megapixel RGBA image or float plane: the everyday uploads stay pooled (no page faults per
    /// image), and what the pool may keep stays bounded (it keeps at most a few dozen arrays of a size per core). The
    /// shared pool keeps arrays up to 1 GiB and trims them only after a full collection, which an idle server never
    /// has: pooled, one burst of 100-megapixel images stayed resident for good (7.6 GB after 8 uploads).
    /// </summary>
    public const int MaxPooledBytes = 16 * 1024 * 1024;
}
