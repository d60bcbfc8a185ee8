using Aegis.Hashing.Memory;

namespace Aegis.Hashing.Pdq;

/// <summary>
/// Computes PDQ hashes from 8-bit pixels, bit-exact with the reference (python-threatexchange /
/// HMA). An instance keeps its small scratch buffers and rents the image-sized ones per call
/// (<see cref="RentedBuffer{T}"/>: pooled up to 16 MiB, so hashing everyday images allocates only a few small
/// objects once warm; native memory above, given back to the system once idle). Not thread-safe: use one per thread.
/// </summary>
/// <remarks>
/// The reference blurs with box filters along rows then columns, twice, and samples 64×64 cells.
/// Here every pass runs down columns on a row-major (or transposed) buffer, vectorised across
/// columns; the last two passes compute their running sums in full, as the float results depend
/// on them, but divide and store only where the 64×64 sampling will read.
/// </remarks>
public sealed class PdqHasher
{
    private const int Size = PdqConstants.DownsampleSize;

    private readonly float[] _downsampled = new float[Size * Size];
    private readonly float[] _dctRows = new float[16 * Size];
    private readonly float[] _dct = new float[16 * 16];
    private readonly float[] _aux = new float[16 * 16];
    private readonly int[] _rowSamples = new int[Size];
    private readonly int[] _colSamples = new int[Size];

    /// <summary>The hash and quality of an image given as row-major pixels with no padding between rows.</summary>
    public PdqResult Hash(ReadOnlySpan<byte> pixels, int width, int height, PixelLayout layout = PixelLayout.Rgba32) =>
        Hash(pixels, width, height, layout, releaseAfterLuma: null, dihedral: false, out _);

    /// <summary>The hash and quality, and the hashes of the image's 8 rotations and flips from the same DCT.</summary>
    public PdqResult Hash(ReadOnlySpan<byte> pixels, int width, int height, PixelLayout layout, out PdqDihedralHashes dihedral) =>
        Hash(pixels, width, height, layout, releaseAfterLuma: null, dihedral: true, out dihedral);

    /// <summary>
    /// The hash (and with <paramref name="dihedral"/> the 8 rotations and flips); <paramref name="releaseAfterLuma"/>,
    /// the owner of <paramref name="pixels"/>, is disposed as soon as the luma is taken and the pixels are not read
    /// again, so the pixels and both float planes are never held at once (<see cref="WorkingBytes"/>).
    /// </summary>
    internal PdqResult Hash(
        ReadOnlySpan<byte> pixels, int width, int height, PixelLayout layout, IDisposable? releaseAfterLuma, bool dihedral, out PdqDihedralHashes variants)
    {
        variants = default;
        if (!Downsample(pixels, width, height, layout, releaseAfterLuma))
        {
            return new PdqResult(PdqHash.Zero, 0);
        }

        var quality = Quality(_downsampled);
        PdqDct.Forward(_downsampled, _dctRows, _dct);
        if (!dihedral)
        {
            return new PdqResult(PdqDct.ToBits(_dct), quality);
        }

        for (var v = 0; v < PdqDihedralHashes.Count; v++)
        {
            PdqDct.Transform(_dct, _aux, (PdqDihedral)v);
            variants[v] = PdqDct.ToBits(_aux);
        }

        return new PdqResult(variants[0], quality);
    }

    /// <summary>
    /// The most memory hashing a <paramref name="width"/> × <paramref name="height"/> image holds besides its pixels
    /// once they are released: two float planes of the image, and the sampled columns, running sums and staging rows.
    /// </summary>
    internal static long WorkingBytes(int width, int height)
    {
        var longest = Math.Max(width, height);
        return sizeof(float) * ((2L * width * height) + Math.Max(Size, longest) + (2L * Size * height) + ((long)BoxFilter.StageRows * longest));
    }

    /// <summary>Fills the 64×64 buffer; false for an image under 5 px on a side (hash 0, quality 0).</summary>
    private bool Downsample(ReadOnlySpan<byte> pixels, int width, int height, PixelLayout layout, IDisposable? releaseAfterLuma)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        var count = checked(width * height);
        if (pixels.Length < count * (int)layout)
        {
            throw new ArgumentException($"{width}×{height} {layout} needs {count * (int)layout} bytes; got {pixels.Length}.", nameof(pixels));
        }

        if (width < PdqConstants.MinHashableDimension || height < PdqConstants.MinHashableDimension)
        {
            return false;
        }

        if (width == Size && height == Size)
        {
            // As the reference: an image already 64×64 (e.g. a frame ffmpeg scaled) is not blurred.
            LumaConverter.Convert(pixels, layout, _downsampled);
            return true;
        }

        // Pass 1, along rows, runs on the transposed luma (width × height), taken first: then the pixels can go.
        using var scratchBuffer = new RentedBuffer<float>(count);
        var scratch = scratchBuffer.Span;
        LumaConverter.ConvertTransposed(pixels, layout, width, height, scratch);
        releaseAfterLuma?.Dispose();

        var longest = Math.Max(width, height);
        using var lumaBuffer = new RentedBuffer<float>(count);
        using var sums = new RentedBuffer<float>(Math.Max(Size, longest));
        using var narrow = new RentedBuffer<float>(Size * height);
        using var narrowT = new RentedBuffer<float>(Size * height);
        using var stage = new RentedBuffer<float>(BoxFilter.StageRows * longest);
        var alongRows = PdqConstants.JaroszWindow(width);
        var alongCols = PdqConstants.JaroszWindow(height);
        for (var i = 0; i < Size; i++)
        {
            _rowSamples[i] = PdqConstants.DecimationSource(i, height);
            _colSamples[i] = PdqConstants.DecimationSource(i, width);
        }

        var luma = lumaBuffer.Span;

        // Pass 1, along rows: written back untransposed.
        BoxFilter.ColumnsTransposed(scratch, luma, width, height, alongRows, sums.Span, stage.Span);
        // Pass 1, along columns, written transposed for the next row pass.
        BoxFilter.ColumnsTransposed(luma, scratch, height, width, alongCols, sums.Span, stage.Span);
        // Pass 2, along rows: only the 64 sampled columns are needed (64 × height).
        BoxFilter.ColumnsAt(scratch, narrow.Span, width, height, alongRows, _colSamples, sums.Span);
        // Pass 2, along columns, at the 64 sampled rows of the 64 sampled columns.
        Transposer.Transpose(narrow.Span, narrowT.Span, Size, height);
        BoxFilter.ColumnsAt(narrowT.Span, _downsampled, height, Size, alongCols, _rowSamples, sums.Span);
        return true;
    }

    private static int Quality(ReadOnlySpan<float> a)
    {
        var gradientSum = 0;
        for (var i = 0; i < Size - 1; i++)
        {
            for (var j = 0; j < Size; j++)
            {
                gradientSum += Math.Abs((int)((a[(i * Size) + j] - a[((i + 1) * Size) + j]) * 100 / 255));
            }
        }

        for (var i = 0; i < Size; i++)
        {
            for (var j = 0; j < Size - 1; j++)
            {
                gradientSum += Math.Abs((int)((a[(i * Size) + j] - a[(i * Size) + j + 1]) * 100 / 255));
            }
        }

        return Math.Min(gradientSum / 90, 100);
    }
}
