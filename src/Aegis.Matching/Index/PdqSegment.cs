using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
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
        var words = HugePages.Allocate<ulong>(count * 4);
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

    /// <summary>
    /// Calls <paramref name="collector"/> for every slot within <paramref name="maxDistance"/> (a slot
    /// may come more than once). The work runs in stages over the whole query — bucket keys, bucket
    /// ranges, candidate slots, distances — each prefetching a fixed distance ahead, so the random
    /// reads of one lookup overlap instead of waiting one after another.
    /// </summary>
    public void Search(in PdqHash query, int maxDistance, int[] radii, ref MatchCollector collector, int slotBase)
    {
        var scratch = SearchScratch.ForThisThread;
        var probes = 0;
        for (var chunk = 0; chunk < Layout.Count; chunk++)
        {
            if (radii[chunk] >= 0)
            {
                probes += ProbeKeys.Count(Layout.Widths[chunk], radii[chunk]);
            }
        }

        var keys = scratch.Keys(probes);
        var chunkOf = scratch.ChunkOf(probes);
        var n = 0;
        for (var chunk = 0; chunk < Layout.Count; chunk++)
        {
            if (radii[chunk] >= 0)
            {
                var written = ProbeKeys.Fill(Layout.Extract(query, chunk), Layout.Widths[chunk], radii[chunk], keys.AsSpan(n));
                chunkOf.AsSpan(n, written).Fill((byte)chunk);
                n += written;
            }
        }

        // Bucket ranges. Each stage prefetches the item PrefetchDistance ahead of the one it reads,
        // so a bounded number of reads are in flight and each arrives about when it is needed.
        var starts = scratch.Starts(n);
        var ends = scratch.Ends(n);
        for (var i = 0; i < Math.Min(PrefetchDistance, n); i++)
        {
            _offsets[chunkOf[i]].Prefetch(keys[i]);
        }

        for (var i = 0; i < n; i++)
        {
            var ahead = i + PrefetchDistance;
            if (ahead < n)
            {
                _offsets[chunkOf[ahead]].Prefetch(keys[ahead]);
            }

            (starts[i], ends[i]) = _offsets[chunkOf[i]].Range(keys[i]);
        }

        // Postings → candidate slots.
        var candidates = scratch.Candidates;
        var found = 0;
        for (var i = 0; i < Math.Min(PrefetchDistance, n); i++)
        {
            Prefetch(_postings[chunkOf[i]], (int)starts[i]);
        }

        for (var i = 0; i < n; i++)
        {
            var ahead = i + PrefetchDistance;
            if (ahead < n && starts[ahead] < ends[ahead])
            {
                Prefetch(_postings[chunkOf[ahead]], (int)starts[ahead]);
            }

            var postings = _postings[chunkOf[i]];
            for (var p = starts[i]; p < ends[i]; p++)
            {
                candidates = scratch.Add(ref found, postings[p]);
            }
        }

        Verify(query, maxDistance, candidates.AsSpan(0, found), ref collector, slotBase);
    }
    /// <summary>How far ahead each stage prefetches: enough reads in flight to cover memory latency.</summary>
    private const int PrefetchDistance = 24;

    private void Verify(in PdqHash query, int maxDistance, ReadOnlySpan<int> slots, ref MatchCollector collector, int slotBase)
    {
        var words = _words;
        var q0 = query.W0;
        var q1 = query.W1;
        var q2 = query.W2;
        var q3 = query.W3;
        for (var i = 0; i < Math.Min(PrefetchDistance, slots.Length); i++)
        {
            Prefetch(words, slots[i] * 4);
        }

        for (var i = 0; i < slots.Length; i++)
        {
            if (i + PrefetchDistance < slots.Length)
            {
                Prefetch(words, slots[i + PrefetchDistance] * 4);
            }

            var slot = slots[i];
            var w = slot * 4;
            var distance = BitOperations.PopCount(words[w] ^ q0) + BitOperations.PopCount(words[w + 1] ^ q1) +
                           BitOperations.PopCount(words[w + 2] ^ q2) + BitOperations.PopCount(words[w + 3] ^ q3);
            if (distance <= maxDistance)
            {
                collector.Add(slotBase + slot, _keys[slot], distance);
            }
        }
    }

    /// <summary>Starts loading array[index] (the arrays are pinned, so the address is stable).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Prefetch<T>(T[] array, int index)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(array), index)));
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

        var postings = HugePages.Allocate<int>(count);
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
