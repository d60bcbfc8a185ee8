namespace Aegis.Matching.Index;

/// <summary>Every key within a Hamming radius of a chunk value: the buckets one chunk probes.</summary>
internal static class ProbeKeys
{
    /// <summary>How many keys <see cref="Fill"/> writes: Σₖ≤ᵣ C(width, k).</summary>
    public static int Count(int width, int radius)
    {
        long total = 0, combinations = 1;
        for (var k = 0; k <= radius && k <= width; k++)
        {
            total += combinations;
            combinations = combinations * (width - k) / (k + 1);
        }

        return checked((int)total);
    }

    /// <summary>Writes value ^ m for every mask m of at most <paramref name="radius"/> bits below <paramref name="width"/>.</summary>
    public static int Fill(uint value, int width, int radius, Span<uint> keys)
    {
        var n = 0;
        keys[n++] = value;
        if (radius >= 1)
        {
            for (var i = 0; i < width; i++)
            {
                keys[n++] = value ^ (1u << i);
            }
        }

        if (radius >= 2)
        {
            for (var i = 0; i < width; i++)
            {
                for (var j = i + 1; j < width; j++)
                {
                    keys[n++] = value ^ (1u << i) ^ (1u << j);
                }
            }
        }

        for (var k = 3; k <= radius && k <= width; k++)
        {
            n = FillExactly(value, width, k, keys, n);
        }

        return n;
    }

    /// <summary>Masks of exactly <paramref name="bits"/> bits, by walking combinations in order.</summary>
    private static int FillExactly(uint value, int width, int bits, Span<uint> keys, int n)
    {
        Span<int> positions = stackalloc int[bits];
        for (var i = 0; i < bits; i++)
        {
            positions[i] = i;
        }

        while (true)
        {
            var mask = 0u;
            foreach (var p in positions)
            {
                mask |= 1u << p;
            }

            keys[n++] = value ^ mask;
            var k = bits - 1;
            while (k >= 0 && positions[k] == width - bits + k)
            {
                k--;
            }

            if (k < 0)
            {
                return n;
            }

            positions[k]++;
            for (var j = k + 1; j < bits; j++)
            {
                positions[j] = positions[j - 1] + 1;
            }
        }
    }
}
