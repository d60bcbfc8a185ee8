namespace Aegis.Benchmarks;

/// <summary>
/// What <c>content-scale</c> records: <see cref="Total"/> items, each with a random PDQ, MD5 and SHA-256, of which
/// <see cref="Targets"/> × 3 are near-copies (distance 1–20) of a target PDQ that is not itself recorded, spread evenly
/// through the rows. Deterministic: the same total gives the same rows, so a filled database can be reused.
/// </summary>
internal sealed class ScaleWorkload
{
    public const int Targets = 1_000;
    public const int CopiesPerTarget = 3;

    /// <summary>Targets whose copies are all within 15 of it, so any two copies are within 30: a report on one finds the others.</summary>
    public const int ReportTargets = 10;

    private readonly Dictionary<long, (int Target, int Copy)> _copyAt = [];

    public ScaleWorkload(long total)
    {
        Total = total;
        var random = new Random(12);
        TargetPdqs = new byte[Targets][];
        CopyPdqs = new byte[Targets, CopiesPerTarget][];
        CopyDistances = new int[Targets, CopiesPerTarget];
        var planted = Targets * CopiesPerTarget;
        for (var t = 0; t < Targets; t++)
        {
            TargetPdqs[t] = new byte[32];
            random.NextBytes(TargetPdqs[t]);
            for (var k = 0; k < CopiesPerTarget; k++)
            {
                var distance = 1 + random.Next(t < ReportTargets ? 15 : 20);
                var copy = (byte[])TargetPdqs[t].Clone();
                foreach (var bit in Enumerable.Range(0, 256).OrderBy(_ => random.Next()).Take(distance))
                {
                    copy[bit / 8] ^= (byte)(1 << (bit % 8));
                }

                CopyPdqs[t, k] = copy;
                CopyDistances[t, k] = distance;

                // Copy j of all of them sits at row ⌊(j + ½) · total / planted⌋ (0-based order of insertion).
                var j = (t * CopiesPerTarget) + k;
                _copyAt[(long)((j + 0.5) * total / planted)] = (t, k);
            }
        }
    }

    public long Total { get; }

    public byte[][] TargetPdqs { get; }

    public byte[,][] CopyPdqs { get; }

    public int[,] CopyDistances { get; }

    public static string CopyId(int target, int copy) => $"copy-{target}-{copy}";

    public static string TargetHex(byte[] pdq) => Convert.ToHexStringLower(pdq);

    /// <summary>The <paramref name="index"/>-th row inserted (0-based): its content id and hashes (lowercase hex).</summary>
    public (string ContentId, string Pdq, string Md5, string Sha256) Row(long index, Random random, Span<byte> scratch)
    {
        random.NextBytes(scratch[..80]);
        var md5 = Convert.ToHexStringLower(scratch[32..48]);
        var sha = Convert.ToHexStringLower(scratch[48..80]);
        return _copyAt.TryGetValue(index, out var copy)
            ? (CopyId(copy.Target, copy.Copy), Convert.ToHexStringLower(CopyPdqs[copy.Target, copy.Copy]), md5, sha)
            : ($"scale-{index}", Convert.ToHexStringLower(scratch[..32]), md5, sha);
    }
}
