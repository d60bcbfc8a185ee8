namespace Aegis.Core.Signals;

/// <summary>
/// Clusters near-duplicate scripts: locality-sensitive hashing over <see cref="ScriptSignature"/> minimums
/// (<see cref="Bands"/> bands of <see cref="Rows"/>), a candidate pair confirmed when its estimated similarity is at
/// least the threshold, then union-find. A cluster whose scripts come from at least <paramref name="minAccounts"/>
/// accounts is a ring. With 8 bands of 4 rows, two scripts of similarity 0.7 share a band with probability 0.89, of
/// 0.8 with 0.99, of 0.3 with 0.06. Each band is one pass with one dictionary (each script compared with the bucket's
/// first), so memory stays one dictionary over the signatures.
/// </summary>
/// <param name="threshold">The least estimated similarity that joins two scripts (default 0.5).</param>
/// <param name="minAccounts">The least distinct accounts that make a ring (default 3).</param>
public sealed class RingClusterer(double threshold = 0.5, int minAccounts = 3)
{
    /// <summary>How many bands.</summary>
    public const int Bands = 8;

    /// <summary>How many minimums per band.</summary>
    public const int Rows = ScriptSignature.Size / Bands;

    /// <summary>The rings among <paramref name="samples"/>, largest first.</summary>
    public IReadOnlyList<Ring> Cluster(IReadOnlyList<ScriptSample> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var signatures = new ScriptSignature[samples.Count];
        for (var i = 0; i < signatures.Length; i++)
        {
            signatures[i] = samples[i].Signature;
        }

        var roots = Components(signatures);
        return [.. Enumerable.Range(0, samples.Count)
            .GroupBy(i => roots[i])
            .Select(g => new Ring(
                [.. g.Select(i => samples[i].AccountId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                [.. g.Select(i => samples[i].ConversationId)]))
            .Where(r => r.Accounts.Count >= minAccounts)
            .OrderByDescending(r => r.Accounts.Count)];
    }

    /// <summary>For each signature, the index of its cluster's root (its own index when alone; empty signatures alone).</summary>
    public int[] Components(ReadOnlySpan<ScriptSignature> signatures)
    {
        var parent = new int[signatures.Length];
        for (var i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }

        var size = new int[signatures.Length];
        var first = new Dictionary<ulong, int>(signatures.Length);
        for (var band = 0; band < Bands; band++)
        {
            first.Clear();
            for (var i = 0; i < signatures.Length; i++)
            {
                if (signatures[i][0] == uint.MaxValue && signatures[i].IsEmpty)
                {
                    continue;
                }

                var key = BandKey(signatures[i], band);
                if (!first.TryAdd(key, i))
                {
                    var j = first[key];
                    if (Find(parent, i) != Find(parent, j) && signatures[i].Similarity(signatures[j]) >= threshold)
                    {
                        Union(parent, size, i, j);
                    }
                }
            }
        }

        for (var i = 0; i < parent.Length; i++)
        {
            parent[i] = Find(parent, i);
        }

        return parent;
    }

    /// <summary>The key of a signature's band: two signatures sharing any band's key are candidates (a store indexes these).</summary>
    public static ulong BandKey(in ScriptSignature signature, int band)
    {
        var h = (ulong)(band + 1) * 0x9E3779B97F4A7C15UL;
        for (var r = band * Rows; r < (band + 1) * Rows; r++)
        {
            h = (h ^ signature[r]) * 0x100000001B3UL;
            h ^= h >> 29;
        }

        return h;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    private static void Union(int[] parent, int[] size, int a, int b)
    {
        a = Find(parent, a);
        b = Find(parent, b);
        if (a == b)
        {
            return;
        }

        if (size[a] < size[b])
        {
            (a, b) = (b, a);
        }

        parent[b] = a;
        size[a] += size[b] + 1;
    }
}
