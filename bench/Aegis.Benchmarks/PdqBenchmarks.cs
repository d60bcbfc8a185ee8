using Aegis.Hashing.Pdq;
using BenchmarkDotNet.Attributes;

namespace Aegis.Benchmarks;

/// <summary>PDQ from already-decoded RGBA pixels (decode excluded), one core.</summary>
[MemoryDiagnoser]
public class PdqBenchmarks
{
    private readonly PdqHasher _hasher = new();
    private byte[] _pixels = [];

    [Params("1MP", "12MP")]
    public string Size { get; set; } = "1MP";

    private (int Width, int Height) Dimensions => Size == "1MP" ? (1000, 1000) : (4000, 3000);

    [GlobalSetup]
    public void Setup()
    {
        var (w, h) = Dimensions;
        _pixels = SyntheticImage.Rgba(w, h, 42);
    }

    [Benchmark(Description = "PdqHasher.Hash (RGBA → hash + quality)")]
    public PdqResult Hash()
    {
        var (w, h) = Dimensions;
        return _hasher.Hash(_pixels, w, h);
    }

    [Benchmark(Description = "PdqHasher.Hash with the 8 dihedral hashes")]
    public PdqResult HashDihedral()
    {
        var (w, h) = Dimensions;
        return _hasher.Hash(_pixels, w, h, PixelLayout.Rgba32, out _);
    }
}
