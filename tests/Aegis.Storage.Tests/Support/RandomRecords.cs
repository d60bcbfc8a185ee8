using Aegis.Matching.Banks;
using Aegis.Matching.Formats;

namespace Aegis.Storage.Tests.Support;

/// <summary>Hash-list records of random bits (not hashes of any image).</summary>
internal static class RandomRecords
{
    public static string Hex(Random random, SignalType type)
    {
        Span<byte> bytes = stackalloc byte[type == SignalType.Md5 ? 16 : 32];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    public static HashListRecord Pdq(Random random, string? list = null) =>
        new(SignalType.Pdq, Hex(random, SignalType.Pdq), null, null, list, null, null);

    /// <summary>
    /// <paramref name="count"/> records, lazily: every <paramref name="duplicateEvery"/>th one repeats an earlier record's
    /// hash (half of them in upper case, which is the same hash), the rest are new PDQ, MD5 and SHA-256 hashes.
    /// </summary>
    public static IEnumerable<HashListRecord> WithDuplicates(int count, int duplicateEvery, int seed, List<HashListRecord>? unique = null)
    {
        var random = new Random(seed);
        var seen = new List<HashListRecord>();
        for (var i = 1; i <= count; i++)
        {
            if (i % duplicateEvery == 0)
            {
                var earlier = seen[random.Next(seen.Count)];
                yield return earlier with
                {
                    Value = i % 2 == 0 ? earlier.Value.ToUpperInvariant() : earlier.Value,
                    ExternalId = "dup-" + i,
                };
                continue;
            }

            var type = (SignalType)(i % 3);
            var record = new HashListRecord(type, Hex(random, type), "ext-" + i, "category-" + (i % 5), "generated", null, null);
            seen.Add(record);
            unique?.Add(record);
            yield return record;
        }
    }
}
