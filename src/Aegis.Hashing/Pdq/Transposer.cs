using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Aegis.Hashing.Pdq;

/// <summary>Matrix transpose: the row passes of the Jarosz filter run as column passes on the transpose.</summary>
internal static class Transposer
{
    private const int ScalarTile = 32;
    private const int BandWidth = 64;

    /// <summary>destination (cols × rows) = transpose of source (rows × cols).</summary>
    public static void Transpose(ReadOnlySpan<float> source, Span<float> destination, int rows, int cols)
    {
        if (source.Length < rows * cols || destination.Length < rows * cols)
        {
            throw new ArgumentException("The buffers are smaller than the matrix.");
        }

        if (Avx.IsSupported && rows >= 8 && cols >= 8)
        {
            TransposeAvx(source, destination, rows, cols);
            return;
        }

        TransposeScalar(source, destination, rows, cols);
    }

    /// <summary>The cache-blocked scalar transpose (the path without AVX).</summary>
    internal static void TransposeScalar(ReadOnlySpan<float> source, Span<float> destination, int rows, int cols)
    {
        for (var r0 = 0; r0 < rows; r0 += ScalarTile)
        {
            var r1 = Math.Min(r0 + ScalarTile, rows);
            for (var c0 = 0; c0 < cols; c0 += ScalarTile)
            {
                var c1 = Math.Min(c0 + ScalarTile, cols);
                for (var r = r0; r < r1; r++)
                {
                    var row = source.Slice(r * cols, cols);
                    for (var c = c0; c < c1; c++)
                    {
                        destination[(c * rows) + r] = row[c];
                    }
                }
            }
        }
    }

    /// <summary>8×8 tiles transposed in registers; rows and columns past the last whole tile go scalar.</summary>
    private static void TransposeAvx(ReadOnlySpan<float> source, Span<float> destination, int rows, int cols)
    {
        ref var src = ref MemoryMarshal.GetReference(source);
        ref var dst = ref MemoryMarshal.GetReference(destination);
        var rows8 = rows & ~7;
        var cols8 = cols & ~7;
        // Column bands keep the destination rows being written (and their pages) few and hot.
        for (var band = 0; band < cols8; band += BandWidth)
        {
            var bandEnd = Math.Min(band + BandWidth, cols8);
            for (var r = 0; r < rows8; r += 8)
            {
                for (var c = band; c < bandEnd; c += 8)
                {
                    var s = (nuint)((r * cols) + c);
                    var stride = (nuint)cols;
                    var r0 = Vector256.LoadUnsafe(ref src, s);
                    var r1 = Vector256.LoadUnsafe(ref src, s + stride);
                    var r2 = Vector256.LoadUnsafe(ref src, s + (2 * stride));
                    var r3 = Vector256.LoadUnsafe(ref src, s + (3 * stride));
                    var r4 = Vector256.LoadUnsafe(ref src, s + (4 * stride));
                    var r5 = Vector256.LoadUnsafe(ref src, s + (5 * stride));
                    var r6 = Vector256.LoadUnsafe(ref src, s + (6 * stride));
                    var r7 = Vector256.LoadUnsafe(ref src, s + (7 * stride));

                    Store8x8(r0, r1, r2, r3, r4, r5, r6, r7, ref dst, (nuint)((c * rows) + r), (nuint)rows);
                }
            }
        }

        // Right-hand columns past the last whole tile, then the bottom rows.
        for (var r = 0; r < rows8; r++)
        {
            for (var c = cols8; c < cols; c++)
            {
                Unsafe.Add(ref dst, (c * rows) + r) = Unsafe.Add(ref src, (r * cols) + c);
            }
        }

        for (var r = rows8; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                Unsafe.Add(ref dst, (c * rows) + r) = Unsafe.Add(ref src, (r * cols) + c);
            }
        }
    }

    /// <summary>Transposes the 8×8 tile whose rows are r0..r7 and stores its rows at destination[offset + k·stride].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Store8x8(
        Vector256<float> r0, Vector256<float> r1, Vector256<float> r2, Vector256<float> r3,
        Vector256<float> r4, Vector256<float> r5, Vector256<float> r6, Vector256<float> r7,
        ref float destination, nuint offset, nuint stride)
    {
        var t0 = Avx.UnpackLow(r0, r1);
        var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3);
        var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5);
        var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7);
        var t7 = Avx.UnpackHigh(r6, r7);

        var u0 = Avx.Shuffle(t0, t2, 0x44);
        var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44);
        var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44);
        var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44);
        var u7 = Avx.Shuffle(t5, t7, 0xEE);

        Avx.Permute2x128(u0, u4, 0x20).StoreUnsafe(ref destination, offset);
        Avx.Permute2x128(u1, u5, 0x20).StoreUnsafe(ref destination, offset + stride);
        Avx.Permute2x128(u2, u6, 0x20).StoreUnsafe(ref destination, offset + (2 * stride));
        Avx.Permute2x128(u3, u7, 0x20).StoreUnsafe(ref destination, offset + (3 * stride));
        Avx.Permute2x128(u0, u4, 0x31).StoreUnsafe(ref destination, offset + (4 * stride));
        Avx.Permute2x128(u1, u5, 0x31).StoreUnsafe(ref destination, offset + (5 * stride));
        Avx.Permute2x128(u2, u6, 0x31).StoreUnsafe(ref destination, offset + (6 * stride));
        Avx.Permute2x128(u3, u7, 0x31).StoreUnsafe(ref destination, offset + (7 * stride));
    }
}
