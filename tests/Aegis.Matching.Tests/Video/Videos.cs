using Aegis.Hashing.Pdq;
using Aegis.Hashing.Video;
using Aegis.Matching.Tests.Index;

namespace Aegis.Matching.Tests.Video;

/// <summary>Made-up vPDQ hashes for tests: random bits, not hashes of any video.</summary>
internal static class Videos
{
    /// <summary>Features for these frame hashes, one a second, all of one quality.</summary>
    public static List<VpdqFeature> Of(IEnumerable<PdqHash> hashes, int quality = 100) =>
        [.. hashes.Select((h, i) => new VpdqFeature(h, i, quality, i))];

    public static List<VpdqFeature> Random(int frames, Random random, int quality = 100) =>
        Of(Enumerable.Range(0, frames).Select(_ => RandomHashes.Next(random)), quality);

    /// <summary>The same frames, each hash moved by <paramref name="bits"/> random bits (a re-encode).</summary>
    public static List<VpdqFeature> NearCopy(IEnumerable<VpdqFeature> features, int bits, Random random) =>
        [.. features.Select(f => f with { Hash = RandomHashes.Flip(f.Hash, bits, random) })];

    /// <summary>Features renumbered in order, as one video.</summary>
    public static List<VpdqFeature> Concat(params IEnumerable<VpdqFeature>[] parts) =>
        [.. parts.SelectMany(p => p).Select((f, i) => f with { FrameNumber = i, Timestamp = i })];
}
