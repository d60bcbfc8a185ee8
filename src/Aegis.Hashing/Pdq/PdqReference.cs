namespace Aegis.Hashing.Pdq;

/// <summary>
/// A line-by-line scalar port of the reference (pdqhashing.cpp, downscaling.cpp), kept as the
/// oracle that the vectorised PdqHasher is tested against, and as documentation.
/// Slow: it allocates and does not vectorise. Not for production paths.
/// </summary>
internal static class PdqReference
{
    public static float[] Luma(ReadOnlySpan<byte> pixels, int width, int height, PixelLayout layout)
    {
        var bpp = (int)layout;
        var luma = new float[width * height];
        for (var i = 0; i < width * height; i++)
        {
            var p = pixels.Slice(i * bpp, 3);
            luma[i] = (float)((p[0] * PdqConstants.LumaR) + (p[1] * PdqConstants.LumaG) + (p[2] * PdqConstants.LumaB));
        }

        return luma;
    }

    /// <summary>Hash of a luma plane (consumed). Fills <paramref name="dihedral"/> when it has 8 slots.</summary>
    public static PdqResult Hash(float[] luma, int rows, int cols, Span<PdqHash> dihedral = default)
    {
        if (rows < PdqConstants.MinHashableDimension || cols < PdqConstants.MinHashableDimension)
        {
            dihedral.Clear();
            return new PdqResult(PdqHash.Zero, 0);
        }

        var a = new float[64 * 64];
        if (rows == 64 && cols == 64)
        {
            luma.AsSpan().CopyTo(a);
        }
        else
        {
            var buffer2 = new float[rows * cols];
            var windowAlongRows = PdqConstants.JaroszWindow(cols);
            var windowAlongCols = PdqConstants.JaroszWindow(rows);
            for (var rep = 0; rep < PdqConstants.JaroszPasses; rep++)
            {
                for (var i = 0; i < rows; i++)
                {
                    Box1D(luma, i * cols, buffer2, cols, 1, windowAlongRows);
                }

                for (var j = 0; j < cols; j++)
                {
                    Box1D(buffer2, j, luma, rows, cols, windowAlongCols);
                }
            }

            for (var i = 0; i < 64; i++)
            {
                var ini = PdqConstants.DecimationSource(i, rows);
                for (var j = 0; j < 64; j++)
                {
                    a[(i * 64) + j] = luma[(ini * cols) + PdqConstants.DecimationSource(j, cols)];
                }
            }
        }

        var quality = Quality(a);
        var b = Dct(a);
        var hash = PdqDct.ToBits(b);
        if (dihedral.Length >= PdqDihedralHashes.Count)
        {
            Span<float> aux = stackalloc float[256];
            for (var v = 0; v < PdqDihedralHashes.Count; v++)
            {
                PdqDct.Transform(b, aux, (PdqDihedral)v);
                dihedral[v] = PdqDct.ToBits(aux);
            }
        }

        return new PdqResult(hash, quality);
    }

    private static void Box1D(float[] input, int start, float[] output, int length, int stride, int fullWindow)
    {
        var halfWindow = (fullWindow + 2) / 2;
        var phase1 = halfWindow - 1;
        var phase2 = fullWindow - halfWindow + 1;
        var phase3 = length - fullWindow;
        var phase4 = halfWindow - 1;
        int li = start, ri = start, oi = start;
        var sum = 0.0f;
        var count = 0;
        for (var i = 0; i < phase1; i++)
        {
            sum += input[ri];
            count++;
            ri += stride;
        }

        for (var i = 0; i < phase2; i++)
        {
            sum += input[ri];
            count++;
            output[oi] = sum / count;
            ri += stride;
            oi += stride;
        }

        for (var i = 0; i < phase3; i++)
        {
            sum += input[ri];
            sum -= input[li];
            output[oi] = sum / count;
            li += stride;
            ri += stride;
            oi += stride;
        }

        for (var i = 0; i < phase4; i++)
        {
            sum -= input[li];
            count--;
            output[oi] = sum / count;
            li += stride;
            oi += stride;
        }
    }

    private static int Quality(float[] a)
    {
        var gradientSum = 0;
        for (var i = 0; i < 63; i++)
        {
            for (var j = 0; j < 64; j++)
            {
                gradientSum += Math.Abs((int)((a[(i * 64) + j] - a[((i + 1) * 64) + j]) * 100 / 255));
            }
        }

        for (var i = 0; i < 64; i++)
        {
            for (var j = 0; j < 63; j++)
            {
                gradientSum += Math.Abs((int)((a[(i * 64) + j] - a[(i * 64) + j + 1]) * 100 / 255));
            }
        }

        return Math.Min(gradientSum / 90, 100);
    }

    private static float[] Dct(float[] a)
    {
        var d = PdqDct.Matrix;
        var t = new float[16 * 64];
        for (var i = 0; i < 16; i++)
        {
            for (var j = 0; j < 64; j++)
            {
                var sum = 0.0f;
                for (var k = 0; k < 64; k++)
                {
                    sum += d[(i * 64) + k] * a[(k * 64) + j];
                }

                t[(i * 64) + j] = sum;
            }
        }

        var b = new float[16 * 16];
        for (var i = 0; i < 16; i++)
        {
            for (var j = 0; j < 16; j++)
            {
                var sum = 0.0f;
                for (var k = 0; k < 64; k++)
                {
                    sum += t[(i * 64) + k] * d[(j * 64) + k];
                }

                b[(i * 16) + j] = sum;
            }
        }

        return b;
    }
}
