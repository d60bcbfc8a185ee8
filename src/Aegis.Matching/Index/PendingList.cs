using Aegis.Hashing.Pdq;

namespace Aegis.Matching.Index;

/// <summary>
/// Entries added since the segment was built. Append-only: the writer fills slots past every
/// published count, so a snapshot (which reads only below its own count) never sees a slot being
/// written. Growing copies into new arrays; older snapshots keep the old ones.
/// </summary>
internal sealed class PendingList(PdqHash[] hashes, int[] keys)
{
    public static PendingList Empty { get; } = new([], []);

    public PdqHash[] Hashes { get; } = hashes;

    public int[] Keys { get; } = keys;

    public long Bytes => (Hashes.Length * 32L) + (Keys.Length * 4L);

    public PendingList EnsureCapacity(int needed, int used)
    {
        if (needed <= Hashes.Length)
        {
            return this;
        }

        var capacity = Math.Max(needed, Math.Max(64, Hashes.Length * 2));
        var hashes = new PdqHash[capacity];
        var keys = new int[capacity];
        Hashes.AsSpan(0, used).CopyTo(hashes);
        Keys.AsSpan(0, used).CopyTo(keys);
        return new PendingList(hashes, keys);
    }
}
