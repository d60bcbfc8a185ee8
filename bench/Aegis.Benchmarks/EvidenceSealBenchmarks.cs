using System.Security.Cryptography;
using Aegis.CyberTip.Evidence;
using BenchmarkDotNet.Attributes;

namespace Aegis.Benchmarks;

/// <summary>
/// What the evidence vault adds to the gate's answer for a blocked upload: sealing the bytes in place (SHA-256, MD5,
/// AES-256-GCM with a fresh data key, the key wrapped, the metadata sealed), and opening them again (every read checks
/// the tags and the SHA-256). Benign random bytes; one core.
/// </summary>
[MemoryDiagnoser]
public class EvidenceSealBenchmarks
{
    private readonly KeyRing _ring = new(new Dictionary<string, byte[]> { ["k1"] = RandomNumberGenerator.GetBytes(KeyRing.KeyBytes) }, "k1");
    private byte[] _plain = [];
    private byte[] _work = [];
    private byte[] _sealedBytes = [];
    private SealedEvidence? _sealed;
    private EvidenceDigests? _digests;

    /// <summary>A photo, and a video at the size the gate measures (issue 13's 52 MB).</summary>
    [Params(1, 52)]
    public int Megabytes { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        _plain = RandomNumberGenerator.GetBytes(Megabytes << 20);
        _work = new byte[_plain.Length];
        _digests = EvidenceDigests.Of(_plain);
        _sealedBytes = (byte[])_plain.Clone();
        _sealed = EvidenceCipher.Seal(_ring, 7, _sealedBytes, Metadata()).Sealed;
    }

    [Benchmark(Description = "Seal in place (hashes + AES-256-GCM + metadata)")]
    public SealedEvidence Seal()
    {
        _plain.CopyTo(_work, 0);
        return EvidenceCipher.Seal(_ring, 7, _work, Metadata()).Sealed;
    }

    [Benchmark(Description = "Seal in place, digests from the gate (AES-256-GCM + metadata)")]
    public SealedEvidence SealKnownDigests()
    {
        _plain.CopyTo(_work, 0);
        return EvidenceCipher.Seal(_ring, 7, _work, Metadata(), _digests).Sealed;
    }

    [Benchmark(Description = "Open and check (AES-256-GCM + SHA-256)")]
    public long Open()
    {
        _sealedBytes.CopyTo(_work, 0);
        return EvidenceCipher.Open(_ring, 7, _sealed!, _work).Size;
    }

    private static EvidenceMetadata Metadata() => new() { CaseId = 7, ContentId = "bench-item", Kind = "video", MediaType = "video/mp4", Source = "gate" };
}
