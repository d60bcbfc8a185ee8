using System.Buffers;

namespace Aegis.Hashing.Imaging;

/// <summary>
/// Decoded 8-bit RGBA pixels (alpha not premultiplied), in a buffer rented from the shared pool.
/// Dispose it to return the buffer; the pixels must not be used afterwards.
/// </summary>
public sealed class DecodedImage : IDisposable
{
    private byte[]? _buffer;

    internal DecodedImage(byte[] buffer, int width, int height, ImageFormat format)
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
        (_buffer ?? throw new ObjectDisposedException(nameof(DecodedImage))).AsSpan(0, Width * Height * 4);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
