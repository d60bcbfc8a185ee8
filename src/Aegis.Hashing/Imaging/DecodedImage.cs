using Aegis.Hashing.Memory;

namespace Aegis.Hashing.Imaging;

/// <summary>
/// Decoded 8-bit RGBA pixels (alpha not premultiplied), in a <see cref="RentedBuffer{T}"/> (pooled when small, native
/// memory when large). Dispose it to give the buffer back; the pixels must not be used afterwards.
/// </summary>
public sealed class DecodedImage : IDisposable
{
    private RentedBuffer<byte>? _buffer;

    internal DecodedImage(RentedBuffer<byte> buffer, int width, int height, ImageFormat format)
    {
        _buffer = buffer;
        Width = width;
        Height = height;
        Format = format;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>The format the bytes were in.</summary>
    public ImageFormat Format { get; }

    /// <summary>Width × Height × 4 bytes: R, G, B, A.</summary>
    public ReadOnlySpan<byte> Pixels =>
        (_buffer ?? throw new ObjectDisposedException(nameof(DecodedImage))).Span[..(Width * Height * 4)];

    public void Dispose() => Interlocked.Exchange(ref _buffer, null)?.Dispose();
}
