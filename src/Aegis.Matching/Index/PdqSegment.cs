using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using Aegis.Hashing.Pdq;

namespace Aegis.Matching.Index;

/// <summary>
/// An immutable multi-index-hashing segment: the hashes, their keys, and per chunk a bucket table
/// (<see cref="CompactOffsets"/>) over postings (slot numbers sorted by chunk value). A lookup
/// probes every bucket within each chunk's radius and verifies candidates by full popcount, so
/// it finds every hash within the distance (pigeonhole), never an approximation.
/// </summary>
internal sealed class PdqSegment
{
    private readonly ulong[] _words;
    private readonly int[] _keys;
    private readonly CompactOffsets[] _offsets;
    private readonly int[][] _postings;

    private PdqSegment(ChunkLayout layout, ulong[] words, int[] keys, CompactOffsets[] offsets, int[][] postings)
    {
        Layout = layout;
        _words = words;
        _keys = keys;
        _offsets = offsets;
        _postings = postings;
    }

    public ChunkLayout Layout { get; }

    public int Count => _keys.Length;

    /// <summary>Bytes held: hashes, keys, bucket tables and postings.</summary>
    public long Bytes => (_words.Length * 8L) + (_keys.Length * 4L) + _offsets.Sum(o => o.Bytes) + _postings.Sum(p => p.Length * 4L);

    public static PdqSegment Build(ReadOnlySpan<PdqHash> hashes, ReadOnlySpan<int> keys)
    {
        if (hashes.Length != keys.Length)
        {
            throw new ArgumentException("One key per hash.", nameof(keys));
        }

        var count = hashes.Length;
        var layout = ChunkLayout.For(count);
        var words = GC.AllocateUninitializedArray<ulong>(count * 4);
        for (var i = 0; i < count; i++)
        {
            words[i * 4] = hashes[i].W0;
            words[(i * 4) + 1] = hashes[i].W1;
            words[(i * 4) + 2] = hashes[i].W2;
            words[(i * 4) + 3] = hashes[i].W3;
        }

        var offsets = new CompactOffsets[layout.Count];
        var postings = new int[layout.Count][];
        Parallel.For(0, layout.Count, chunk => (offsets[chunk], postings[chunk]) = BuildChunk(layout, words, count, chunk));
        return new PdqSegment(layout, words, keys.ToArray(), offsets, postings);
    }

    public PdqHash Hash(int slot) => new(_words[slot * 4], _words[(slot * 4) + 1], _words[(slot * 4) + 2], _words[(slot * 4) + 3]);

    public int Key(int slot) => _keys[slot];

    /// <summary>Calls <paramref name="collector"/> for every slot within <paramref name="maxDistance"/> (a slot may come more than once).</summary>
    public void Search(in PdqHash query, int maxDistance, int[] radii, ref MatchCollector collector, int slotBase)
    {
        var q0 = query.W0;
        var q1 = query.W1;
        var q2 = query.W2;
        var q3 = query.W3;
        var words = _words;
        Span<uint> small = stackalloc uint[512];
        for (var chunk = 0; chunk < Layout.Count; chunk++)
        {
            var radius = radii[chunk];
            if (radius < 0)
            {
                continue;
            }

            var width = Layout.Widths[chunk];
            var probes = ProbeKeys.Count(width, radius);
            var rented = probes > 512 ? ArrayPool<uint>.Shared.Rent(probes) : null;
            var keys = rented is null ? small : rented.AsSpan();
            ProbeKeys.Fill(Layout.Extract(query, chunk), width, radius, keys);
            var offsets = _offsets[chunk];
            var postings = _postings[chunk];
            foreach (var key in keys[..probes])
            {
                var (start, end) = offsets.Range(key);
                for (var p = start; p < end; p++)
                {
                    var slot = postings[p];
                    var w = slot * 4;
                    var distance = BitOperations.PopCount(words[w] ^ q0) + BitOperations.PopCount(words[w + 1] ^ q1) +
                                   BitOperations.PopCount(words[w + 2] ^ q2) + BitOperations.PopCount(words[w + 3] ^ q3);
                    if (distance <= maxDistance)
                    {
                        collector.Add(slotBase + slot, _keys[slot], distance);
                    }
                }
            }

            if (rented is not null)
            {
                ArrayPool<uint>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Adds the slots holding exactly this hash and key (one bucket of the first chunk).</summary>
    public void FindExact(in PdqHash hash, int key, List<int> slots)
    {
        var (start, end) = _offsets[0].Range(Layout.Extract(hash, 0));
        for (var p = start; p < end; p++)
        {
            var slot = _postings[0][p];
            if (_keys[slot] == key && Hash(slot) == hash)
            {
                slots.Add(slot);
            }
        }
    }

    private static (CompactOffsets Offsets, int[] Postings) BuildChunk(ChunkLayout layout, ulong[] words, int count, int chunk)
    {
        var buckets = 1 << layout.Widths[chunk];
        var chunkKeys = GC.AllocateUninitializedArray<uint>(count);
        var counts = new uint[buckets];
        for (var i = 0; i < count; i++)
        {
            var key = layout.Extract(HashAt(words, i), chunk);
            chunkKeys[i] = key;
            counts[key]++;
        }

        var offsets = new CompactOffsets(counts);
        // Turn counts into running write positions, then scatter the slots: postings sorted by chunk value.
        uint position = 0;
        for (var b = 0; b < buckets; b++)
        {
            var c = counts[b];
            counts[b] = position;
            position += c;
        }

        var postings = GC.AllocateUninitializedArray<int>(count);
        for (var i = 0; i < count; i++)
        {
            postings[counts[chunkKeys[i]]++] = i;
        }

        return (offsets, postings);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static PdqHash HashAt(ulong[] words, int slot) =>
        new(words[slot * 4], words[(slot * 4) + 1], words[(slot * 4) + 2], words[(slot * 4) + 3]);
}
