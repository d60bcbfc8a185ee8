using System.Security.Cryptography;

namespace Aegis.CyberTip.Submission;

/// <summary>
/// Reads through to the file being uploaded and takes the MD5 of the bytes as they go out, so NCMEC's <c>hash</c> can be
/// checked against what was sent without reading the file twice (the stream need not seek). The caller owns both
/// <paramref name="inner"/> and <paramref name="md5"/>: the HTTP request disposes this stream when it is sent.
/// </summary>
internal sealed class Md5ReadStream(Stream inner, IncrementalHash md5) : Stream
{

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        md5.AppendData(buffer[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        md5.AppendData(buffer.Span[..read]);
        return read;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
