using Aegis.Hashing.Memory;
using Aegis.Hashing.Tests.Support;

namespace Aegis.Hashing.Tests.Memory;

/// <summary>Large native blocks are reused while requests keep coming and given back once idle, never piling up.</summary>
public sealed class NativeBlockCacheTests
{
    private const nuint Block = 32 * 1024 * 1024;

    private readonly ManualTimeProvider _clock = new();

    [Fact]
    public void A_returned_block_is_reused_for_a_request_it_fits_closely()
    {
        var cache = new NativeBlockCache(_clock);
        var (first, _) = cache.Rent(Block);
        cache.Return(first, Block);

        var (again, bytes) = cache.Rent(Block - 1000);

        Assert.Equal((first, Block, 0L), (again, bytes, cache.KeptBytes));
        cache.Return(again, bytes);
        _clock.Advance(NativeBlockCache.IdleRelease);
    }

    [Fact]
    public void A_request_no_kept_block_fits_frees_the_kept_ones_before_it_allocates()
    {
        var cache = new NativeBlockCache(_clock);
        var (small, _) = cache.Rent(Block);
        cache.Return(small, Block);

        // A quarter smaller than the kept block is too wasteful to reuse it; larger does not fit.
        var (tiny, tinyBytes) = cache.Rent(Block / 2);

        Assert.Equal(0L, cache.KeptBytes);
        cache.Return(tiny, tinyBytes);
        var (large, largeBytes) = cache.Rent(2 * Block);
        Assert.Equal((0L, 2 * Block), (cache.KeptBytes, largeBytes));
        cache.Return(large, largeBytes);
        _clock.Advance(NativeBlockCache.IdleRelease);
    }

    [Fact]
    public void Kept_blocks_are_given_back_once_none_has_been_reused_for_the_idle_time()
    {
        var cache = new NativeBlockCache(_clock);
        var (a, _) = cache.Rent(Block);
        var (b, _) = cache.Rent(Block);
        cache.Return(a, Block);
        _clock.Advance(NativeBlockCache.IdleRelease / 2);
        cache.Return(b, Block);

        _clock.Advance(NativeBlockCache.IdleRelease / 2);

        Assert.Equal((long)Block, cache.KeptBytes); // the older one went; the newer one waits its full time
        _clock.Advance(NativeBlockCache.IdleRelease / 2);
        Assert.Equal((0L, 0), (cache.KeptBytes, _clock.ActiveTimers));
    }
}
