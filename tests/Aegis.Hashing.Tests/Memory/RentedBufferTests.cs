using Aegis.Hashing.Memory;

namespace Aegis.Hashing.Tests.Memory;

/// <summary>Small buffers come from the shared pool, large ones from native memory; both read and write alike and go back once.</summary>
public sealed class RentedBufferTests
{
    [Theory]
    [InlineData(1000, false)]
    [InlineData(RentedBuffer.MaxPooledBytes, false)]
    [InlineData(RentedBuffer.MaxPooledBytes + 1, true)]
    public void A_buffer_is_native_only_above_the_pooled_limit_and_holds_what_is_written(int length, bool native)
    {
        using var buffer = new RentedBuffer<byte>(length);

        buffer.Span.Fill(7);
        buffer.Memory.Span[^1] = 9;

        Assert.Equal((native, length, length), (buffer.IsNative, buffer.Span.Length, buffer.Memory.Length));
        Assert.Equal((7, 9), (buffer.Span[0], buffer.Span[^1]));
    }

    [Fact]
    public void A_float_buffer_counts_bytes_not_elements_against_the_limit()
    {
        using var buffer = new RentedBuffer<float>((RentedBuffer.MaxPooledBytes / sizeof(float)) + 1);

        Assert.True(buffer.IsNative);
    }

    [Fact]
    public void A_disposed_buffer_cannot_be_read_and_disposing_again_does_nothing()
    {
        var buffer = new RentedBuffer<byte>(RentedBuffer.MaxPooledBytes + 1);

        buffer.Dispose();
        buffer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => buffer.Span.Length);
    }
}
