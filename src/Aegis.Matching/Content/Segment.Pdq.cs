using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Aegis.Hashing.Pdq;
using Aegis.Matching.Index;

namespace Aegis.Matching.Content;

/// <summary>PDQ range search in a segment: multi-index probes, or a scan where probing would read more.</summary>
internal sealed unsafe partial class Segment
{
    /// <summary>
    /// A scan reads the hashes in order, a probe jumps: the index is used while 2 × probes + candidates stays
    /// under a quarter of the items (sequential 32-byte reads are several times cheaper than random ones).
    /// </summary>
    private const int ScanDivisor = 4;

    /// <summary>How far ahead each stage prefetches: enough reads in flight to cover memory latency.</summary>
    private const int PrefetchDistance = 16;

    /// <summary>
    /// Adds every item within <paramref name="maxDistance"/> of the query, each once: by probing the buckets within
    /// each chunk's radius, or by a scan where that would read more (and <paramref name="scanAllowed"/>: tests
    /// check both ways).
    /// </summary>
    public void SearchPdq(
        in PdqHash query, int maxDistance, ReadOnlySpan<int> radii, List<(long RowId, int Distance)> results, bool scanAllowed = true)
    {
        var items = Header.PdqItems;
        if (items == 0)
        {
            return;
        }

        var bits = Header.BucketBits;
        long probes = 0;
        for (var c = 0; c < PdqChunks.Count; c++)
        {
            if (radii[c] >= 0)
            {
                probes += radii[c] >= bits ? 1 << bits : ProbeKeys.Count(bits, radii[c]);
            }
        }

        var candidates = probes * (double)items / (1L << bits);
        if (scanAllowed && (2 * probes) + candidates >= (double)items / ScanDivisor)
        {
            Scan(query, maxDistance, results);
            return;
        }

        Probe(query, maxDistance, radii, (int)probes, results);
    }

    /// <summary>
    /// The probes run in stages over the whole query — bucket keys, bucket ranges, candidate slots, distances — each
    /// prefetching a fixed distance ahead, so the random reads of one search overlap instead of waiting in turn.
    /// </summary>
    private void Probe(in PdqHash query, int maxDistance, ReadOnlySpan<int> radii, int probes, List<(long RowId, int Distance)> results)
    {
        var bits = Header.BucketBits;
        var scratch = ContentSearchScratch.ForThisThread;
        Span<uint> queryKeys = stackalloc uint[PdqChunks.Count];
        var keys = scratch.Keys(probes);
        var chunkOf = scratch.ChunkOf(probes);
        var n = 0;
        for (var c = 0; c < PdqChunks.Count; c++)
        {
            queryKeys[c] = PdqChunks.Key(PdqChunks.Chunk(query, c), bits);
            if (radii[c] >= 0)
            {
                var written = ProbeKeys.Fill(queryKeys[c], bits, radii[c], keys.AsSpan(n));
                chunkOf.AsSpan(n, written).Fill((byte)c);
                n += written;
            }
        }

        // Bucket ranges.
        var starts = scratch.Starts(n);
        var ends = scratch.Ends(n);
        var entries = (uint)Header.PdqItems;
        for (var i = 0; i < n; i++)
        {
            if (i == 0)
            {
                for (var a = 0; a < Math.Min(PrefetchDistance, n); a++)
                {
                    PrefetchBucket(chunkOf[a], keys[a]);
                }
            }
            else if (i + PrefetchDistance < n)
            {
                PrefetchBucket(chunkOf[i + PrefetchDistance], keys[i + PrefetchDistance]);
            }

            var c = chunkOf[i];
            (starts[i], ends[i]) = BucketTable.Range(
                (byte*)_tables[c], Header.Lengths[SegmentHeader.FirstTable + c], bits, keys[i], entries);
        }

        // Postings → candidate slots, each with the chunk that found it.
        var width = Header.SlotWidth;
        var found = 0;
        for (var i = 0; i < Math.Min(PrefetchDistance, n); i++)
        {
            Prefetch((byte*)_postings[chunkOf[i]] + ((long)starts[i] * width));
        }

        for (var i = 0; i < n; i++)
        {
            var ahead = i + PrefetchDistance;
            if (ahead < n && starts[ahead] < ends[ahead])
            {
                Prefetch((byte*)_postings[chunkOf[ahead]] + ((long)starts[ahead] * width));
            }

            var postings = (byte*)_postings[chunkOf[i]];
            for (var p = starts[i]; p < ends[i]; p++)
            {
                var slot = Unsafe.ReadUnaligned<uint>(postings + ((long)p * width)) & _slotMask;
                if (slot >= (uint)Count)
                {
                    throw Damaged();
                }

                scratch.AddCandidate(ref found, slot, chunkOf[i]);
            }
        }

        Verify(query, maxDistance, radii, queryKeys, scratch.Candidates.AsSpan(0, found), scratch.CandidateChunks.AsSpan(0, found), results);
    }

    private void Verify(
        in PdqHash query, int maxDistance, ReadOnlySpan<int> radii, ReadOnlySpan<uint> queryKeys, ReadOnlySpan<uint> slots, ReadOnlySpan<byte> chunks,
        List<(long RowId, int Distance)> results)
    {
        var bits = Header.BucketBits;
        ulong q0 = query.W0, q1 = query.W1, q2 = query.W2, q3 = query.W3;
        for (var i = 0; i < Math.Min(PrefetchDistance, slots.Length); i++)
        {
            Prefetch(_hashes + (slots[i] * 4L));
        }

        for (var i = 0; i < slots.Length; i++)
        {
            if (i + PrefetchDistance < slots.Length)
            {
                Prefetch(_hashes + (slots[i + PrefetchDistance] * 4L));
            }

            var h = _hashes + (slots[i] * 4L);
            var distance = BitOperations.PopCount(h[0] ^ q0) + BitOperations.PopCount(h[1] ^ q1) +
                           BitOperations.PopCount(h[2] ^ q2) + BitOperations.PopCount(h[3] ^ q3);
            if (distance <= maxDistance && !FoundThroughEarlierChunk(h, radii, queryKeys, chunks[i], bits))
            {
                results.Add((Row((int)slots[i]), distance));
            }
        }
    }

    /// <summary>A match is reported by the first probed chunk whose radius covers it, so each is reported once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool FoundThroughEarlierChunk(ulong* hash, ReadOnlySpan<int> radii, ReadOnlySpan<uint> queryKeys, int chunk, int bits)
    {
        for (var c = 0; c < chunk; c++)
        {
            if (radii[c] >= 0 && BitOperations.PopCount(PdqChunks.Key(PdqChunks.Chunk(hash, c), bits) ^ queryKeys[c]) <= radii[c])
            {
                return true;
            }
        }

        return false;
    }

    private void Scan(in PdqHash query, int maxDistance, List<(long RowId, int Distance)> results)
    {
        ulong q0 = query.W0, q1 = query.W1, q2 = query.W2, q3 = query.W3;
        var h = _hashes;
        for (var slot = 0; slot < Count; slot++, h += 4)
        {
            var distance = BitOperations.PopCount(h[0] ^ q0) + BitOperations.PopCount(h[1] ^ q1) +
                           BitOperations.PopCount(h[2] ^ q2) + BitOperations.PopCount(h[3] ^ q3);
            if (distance <= maxDistance && HasPdq(slot))
            {
                results.Add((Row(slot), distance));
            }
        }
    }

    /// <summary>Starts loading what <see cref="BucketTable.Range"/> reads for this key: its block's word and its end byte.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void PrefetchBucket(int chunk, uint key)
    {
        var table = (byte*)_tables[chunk];
        Prefetch(table + ((key >> 4) * 4L));
        Prefetch(table + ((1L << Header.BucketBits) >> 2) + key);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Prefetch(void* address)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(address);
        }
    }
}
