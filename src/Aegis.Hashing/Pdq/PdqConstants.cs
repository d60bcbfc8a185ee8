namespace Aegis.Hashing.Pdq;

/// <summary>The fixed numbers of the PDQ algorithm (facebook/ThreatExchange pdq/cpp/hashing).</summary>
internal static class PdqConstants
{
    /// <summary>Side of the decimated image.</summary>
    public const int DownsampleSize = 64;

    /// <summary>Side of the kept block of DCT coefficients.</summary>
    public const int DctSize = 16;

    /// <summary>Images under this many pixels on a side hash to zero with quality 0.</summary>
    public const int MinHashableDimension = 5;

    /// <summary>Number of (rows, columns) box-filter pass pairs of the Jarosz filter.</summary>
    public const int JaroszPasses = 2;

    /// <summary>
    /// Luma weights as python-threatexchange applies them: in float64 on the 8-bit values,
    /// rounded to float32 afterwards. (The C++ CLI uses float32 weights; pytx/HMA is the target.)
    /// </summary>
    public const double LumaR = 0.299;
    public const double LumaG = 0.587;
    public const double LumaB = 0.114;

    /// <summary>Box window along a dimension: ceil(dimension / 128), as computeJaroszFilterWindowSize.</summary>
    public static int JaroszWindow(int dimension) =>
        (dimension + (2 * DownsampleSize) - 1) / (2 * DownsampleSize);

    /// <summary>The source index sampled for output cell <paramref name="i"/> (cell centres, as decimateFloat).</summary>
    public static int DecimationSource(int i, int dimension) =>
        (int)((i + 0.5) * dimension / DownsampleSize);
}
