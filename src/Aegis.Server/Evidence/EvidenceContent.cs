using Aegis.CyberTip.Evidence;
using Aegis.Hashing.Memory;
using Aegis.Storage;

namespace Aegis.Server.Evidence;

/// <summary>An item read from the vault: its checked plaintext and metadata. Dispose it to give the buffer back (it is cleared first).</summary>
internal sealed class EvidenceContent(EvidenceItem item, EvidenceMetadata metadata, RentedBuffer<byte> buffer) : IDisposable
{
    private RentedBuffer<byte>? _buffer = buffer;

    public EvidenceItem Item { get; } = item;

    public EvidenceMetadata Metadata { get; } = metadata;

    /// <summary>The bytes; not to be read after disposal.</summary>
    public ReadOnlyMemory<byte> Bytes => (_buffer ?? throw new ObjectDisposedException(nameof(EvidenceContent))).Memory[..(int)Metadata.Size];

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } b)
        {
            b.Span.Clear();
            b.Dispose();
        }
    }
}
