using System.Buffers.Binary;
using Aegis.Hashing.Memory;

namespace Aegis.Hashing.Previews;

/// <summary>
/// Frames ffmpeg handed over as BMP files, one after another in a rented buffer that is zeroed before it is given back
/// (the frames are not blurred yet).
/// </summary>
internal sealed class FrameBytes(int capacity) : IDisposable
{
    private readonly RentedBuffer<byte> _buffer = new(capacity);
    private readonly List<Range> _frames = [];
    private bool _disposed;

    /// <summary>Where ffmpeg's output is read into.</summary>
    public Memory<byte> Memory => _buffer.Memory;

    public int Count => _frames.Count;

    /// <summary>The <paramref name="index"/>th frame's BMP.</summary>
    public ReadOnlySpan<byte> this[int index] => _buffer.Span[_frames[index]];

    /// <summary>
    /// Splits the first <paramref name="length"/> bytes into BMP files by the size each one's header gives; false when
    /// they are not whole BMPs of at most <paramref name="maxFrameBytes"/> each.
    /// </summary>
    public bool Split(int length, int maxFrameBytes)
    {
        _frames.Clear();
        var span = _buffer.Span[..length];
        var start = 0;
        while (start < length)
        {
            var size = length - start >= 14 && span[start] == (byte)'B' && span[start + 1] == (byte)'M' ? BinaryPrimitives.ReadInt32LittleEndian(span[(start + 2)..]) : 0;
            if (size < 14 || size > maxFrameBytes || size > length - start)
            {
                _frames.Clear();
                return false;
            }

            _frames.Add(start..(start + size));
            start += size;
        }

        return true;
    }

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _buffer.Span.Clear();
            _buffer.Dispose();
        }
    }
}
