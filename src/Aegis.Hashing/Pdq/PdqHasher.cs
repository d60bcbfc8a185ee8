using System.Buffers;

namespace Aegis.Hashing.Pdq;

/// <summary>
/// Computes PDQ hashes from 8-bit pixels, bit-exact with the reference (python-threatexchange /
/// HMA). An instance keeps its small scratch buffers and rents the large ones from the shared
/// pool per call, so hashing allocates nothing once warm. Not thread-safe: use one per thread.
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
    public PdqResult Hash(ReadOnlySpan<byte> pixels, int width, int height, PixelLayout layout = PixelLayout.Rgba32)
    {
        if (!Downsample(pixels, width, height, layout))
        {
            return new PdqResult(PdqHash.Zero, 0);
        }

        var quality = Quality(_downsampled);
        PdqDct.Forward(_downsampled, _dctRows, _dct);
        return new PdqResult(PdqDct.ToBits(_dct), quality);
    }

    /// <summary>The hash and quality, and the hashes of the image's 8 rotations and flips from the same DCT.</summary>
    public PdqResult Hash(ReadOnlySpan<byte> pixels, int width, int height, PixelLayout layout, out PdqDihedralHashes dihedral)
    {
        dihedral = default;
        if (!Downsample(pixels, width, height, layout))
        {
            return new PdqResult(PdqHash.Zero, 0);
        }

        var quality = Quality(_downsampled);
        PdqDct.Forward(_downsampled, _dctRows, _dct);
        for (var v = 0; v < PdqDihedralHashes.Count; v++)
        {
            PdqDct.Transform(_dct, _aux, (PdqDihedral)v);
            dihedral[v] = PdqDct.ToBits(_aux);
        }

        return new PdqResult(dihedral[0], quality);
    }

    /// <summary>Fills the 64×64 buffer; false for an image under 5 px on a side (hash 0, quality 0).</summary>
    private bool Downsample(ReadOnlySpan<byte> pixels, int width, int height, PixelLayout layout)
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

        var pool = ArrayPool<float>.Shared;
        var a = pool.Rent(count);
        var b = pool.Rent(count);
        var sums = pool.Rent(Math.Max(Size, Math.Max(width, height)));
        var narrow = pool.Rent(Size * height);
        var narrowT = pool.Rent(Size * height);
        var stage = pool.Rent(BoxFilter.StageRows * Math.Max(width, height));
        try
        {
            var alongRows = PdqConstants.JaroszWindow(width);
            var alongCols = PdqConstants.JaroszWindow(height);
            for (var i = 0; i < Size; i++)
            {
                _rowSamples[i] = PdqConstants.DecimationSource(i, height);
                _colSamples[i] = PdqConstants.DecimationSource(i, width);
            }

            var luma = a.AsSpan(0, count);
            var scratch = b.AsSpan(0, count);

            // Pass 1, along rows: as columns of the transposed luma (width × height), written back untransposed.
            LumaConverter.ConvertTransposed(pixels, layout, width, height, scratch);
            BoxFilter.ColumnsTransposed(scratch, luma, width, height, alongRows, sums, stage);
            // Pass 1, along columns, written transposed for the next row pass.
            BoxFilter.ColumnsTransposed(luma, scratch, height, width, alongCols, sums, stage);
            // Pass 2, along rows: only the 64 sampled columns are needed (64 × height).
            BoxFilter.ColumnsAt(scratch, narrow, width, height, alongRows, _colSamples, sums);
            // Pass 2, along columns, at the 64 sampled rows of the 64 sampled columns.
            Transposer.Transpose(narrow.AsSpan(0, Size * height), narrowT, Size, height);
            BoxFilter.ColumnsAt(narrowT, _downsampled, height, Size, alongCols, _rowSamples, sums);
            return true;
        }
        finally
        {
            pool.Return(a);
            pool.Return(b);
            pool.Return(sums);
            pool.Return(narrow);
            pool.Return(narrowT);
            pool.Return(stage);
        }
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
