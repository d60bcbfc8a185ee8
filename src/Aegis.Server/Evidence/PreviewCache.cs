using System.Diagnostics.CodeAnalysis;
using Aegis.Hashing.Previews;

namespace Aegis.Server.Evidence;

/// <summary>
/// The last blurred previews rendered, by who asked and how, so that a reviewer reloading a case page does not decrypt
/// and render (a video strip: several ffmpeg runs) again. Never holds an unblurred one. Bounded by bytes (the least
/// recently used go first) and by age: an entry is dropped after <c>lifetime</c> whatever happens to the item meanwhile.
/// Thread-safe.
/// </summary>
internal sealed class PreviewCache(long capacityBytes, TimeSpan lifetime, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<PreviewKey, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recent = new(); // most recently used first
    private long _bytes;

    /// <summary>The bytes held now.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    public bool TryGet(PreviewKey key, [MaybeNullWhen(false)] out EvidencePreview preview)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                if (node.Value.Expires > time.GetUtcNow())
                {
                    _recent.Remove(node);
                    _recent.AddFirst(node);
                    preview = node.Value.Preview;
                    return true;
                }

                Remove(node);
            }
        }

        preview = null;
        return false;
    }

    /// <summary>Keeps <paramref name="preview"/> if it is blurred and small enough, dropping the least recently used to make room.</summary>
    public void Add(PreviewKey key, EvidencePreview preview)
    {
        var size = preview.Jpeg.Length;
        if (!preview.Options.Blurred || size > capacityBytes / 4)
        {
            return;
        }

        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var existing))
            {
                Remove(existing);
            }

            while (_bytes + size > capacityBytes && _recent.Last is { } oldest)
            {
                Remove(oldest);
            }

            _entries[key] = _recent.AddFirst(new Entry(key, preview, time.GetUtcNow() + lifetime));
            _bytes += size;
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _recent.Remove(node);
        _entries.Remove(node.Value.Key);
        _bytes -= node.Value.Preview.Jpeg.Length;
    }

    private sealed record Entry(PreviewKey Key, EvidencePreview Preview, DateTimeOffset Expires);
}

/// <summary>A preview as asked for: the item, who asked and why (each reviewer's first view is audited), and how it is drawn.</summary>
internal readonly record struct PreviewKey(long EvidenceId, string Actor, string Purpose, PreviewOptions Options, int Frames);
