using System.Runtime.Intrinsics;

namespace Aegis.Hashing.Pdq;

/// <summary>
/// The 64×64 → 16×16 DCT of PDQ, the median threshold that turns it into bits, and the
/// dihedral transforms of the coefficients. Every sum runs over k in ascending order, as the
/// reference does, so the float results are bit-identical; the vector code only spreads
/// independent outputs across lanes.
/// </summary>
internal static class PdqDct
{
    /// <summary>The 16×64 DCT matrix, row-major: D[i][j] = sqrt(2/64)·cos(π/128·(i+1)·(2j+1)).</summary>
    public static readonly float[] Matrix = BuildMatrix();

    /// <summary>The transpose of <see cref="Matrix"/>, 64×16, for the second product.</summary>
    private static readonly float[] MatrixTransposed = Transposed(Matrix, 16, 64);

    /// <summary>B = D·A·Dᵀ for a 64×64 <paramref name="a"/>; <paramref name="t"/> is 16×64 scratch; <paramref name="b"/> is 16×16.</summary>
    public static void Forward(ReadOnlySpan<float> a, Span<float> t, Span<float> b)
    {
        ReadOnlySpan<float> d = Matrix;
        if (Vector512.IsHardwareAccelerated)
        {
            for (var i = 0; i < 16; i++)
            {
                var acc0 = Vector512<float>.Zero;
                var acc1 = Vector512<float>.Zero;
                var acc2 = Vector512<float>.Zero;
                var acc3 = Vector512<float>.Zero;
                for (var k = 0; k < 64; k++)
                {
                    var dik = Vector512.Create(d[(i * 64) + k]);
                    var row = a.Slice(k * 64, 64);
                    acc0 += dik * Vector512.Create(row);
                    acc1 += dik * Vector512.Create(row[16..]);
                    acc2 += dik * Vector512.Create(row[32..]);
                    acc3 += dik * Vector512.Create(row[48..]);
                }

                var ti = t.Slice(i * 64, 64);
                acc0.CopyTo(ti);
                acc1.CopyTo(ti[16..]);
                acc2.CopyTo(ti[32..]);
                acc3.CopyTo(ti[48..]);
            }

            ReadOnlySpan<float> dt = MatrixTransposed;
            for (var i = 0; i < 16; i++)
            {
                var acc = Vector512<float>.Zero;
                for (var k = 0; k < 64; k++)
                {
                    acc += Vector512.Create(t[(i * 64) + k]) * Vector512.Create(dt.Slice(k * 16, 16));
                }

                acc.CopyTo(b.Slice(i * 16, 16));
            }

            return;
        }

        ForwardScalar(a, t, b);
    }

    /// <summary>The same product, one output at a time (the path without vector hardware).</summary>
    public static void ForwardScalar(ReadOnlySpan<float> a, Span<float> t, Span<float> b)
    {
        ReadOnlySpan<float> d = Matrix;
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
    }

    /// <summary>Bit k = i·16 + j is set iff B[i][j] is strictly above the lower median (the 128th smallest).</summary>
    public static PdqHash ToBits(ReadOnlySpan<float> b)
    {
        Span<float> sorted = stackalloc float[256];
        b[..256].CopyTo(sorted);
        sorted.Sort();
        var median = sorted[127];
        Span<ulong> words = stackalloc ulong[4];
        for (var k = 0; k < 256; k++)
        {
            if (b[k] > median)
            {
                words[k >> 6] |= 1UL << (k & 63);
            }
        }

        return new PdqHash(words[0], words[1], words[2], words[3]);
    }

    /// <summary>The DCT coefficients of a rotated or flipped image, from sign flips and a transpose.</summary>
    public static void Transform(ReadOnlySpan<float> a, Span<float> b, PdqDihedral variant)
    {
        for (var i = 0; i < 16; i++)
        {
            for (var j = 0; j < 16; j++)
            {
                var v = a[(i * 16) + j];
                var odd = ((i + j) & 1) != 0;
                switch (variant)
                {
                    case PdqDihedral.Original: b[(i * 16) + j] = v; break;
                    case PdqDihedral.Rotate90: b[(j * 16) + i] = (j & 1) != 0 ? v : -v; break;
                    case PdqDihedral.Rotate180: b[(i * 16) + j] = odd ? -v : v; break;
                    case PdqDihedral.Rotate270: b[(j * 16) + i] = (i & 1) != 0 ? v : -v; break;
                    case PdqDihedral.FlipX: b[(i * 16) + j] = (i & 1) != 0 ? v : -v; break;
                    case PdqDihedral.FlipY: b[(i * 16) + j] = (j & 1) != 0 ? v : -v; break;
                    case PdqDihedral.FlipPlus1: b[(j * 16) + i] = v; break;
                    case PdqDihedral.FlipMinus1: b[(j * 16) + i] = odd ? -v : v; break;
                    default: throw new ArgumentOutOfRangeException(nameof(variant), variant, null);
                }
            }
        }
    }

    private static float[] BuildMatrix()
    {
        // As the reference: a float scale factor, the product taken in double, stored as float.
        var scale = (float)Math.Sqrt(2.0 / 64.0);
        var matrix = new float[16 * 64];
        for (var i = 0; i < 16; i++)
        {
            for (var j = 0; j < 64; j++)
            {
                matrix[(i * 64) + j] = (float)(scale * Math.Cos(Math.PI / 2.0 / 64.0 * (i + 1) * ((2 * j) + 1)));
            }
        }

        return matrix;
    }

    private static float[] Transposed(float[] m, int rows, int cols)
    {
        var t = new float[rows * cols];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < cols; j++)
            {
                t[(j * rows) + i] = m[(i * cols) + j];
            }
        }

        return t;
    }
}
