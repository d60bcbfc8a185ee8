using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Aegis.Hashing.Pdq;

/// <summary>
/// 8-bit RGB(A) → float luma as python-threatexchange computes it: R·0.299 + G·0.587 + B·0.114
/// in float64, left to right, rounded to float32. The vector path does the same double
/// operations lane by lane, so it is bit-identical to the scalar one.
/// </summary>
internal static class LumaConverter
{
    public static void Convert(ReadOnlySpan<byte> pixels, PixelLayout layout, Span<float> luma)
    {
        var done = layout == PixelLayout.Rgba32 && Vector512.IsHardwareAccelerated ? ConvertRgbaVector512(pixels, luma) : 0;
        ConvertScalar(pixels[(done * (int)layout)..], layout, luma[done..]);
    }

    private static void ConvertScalar(ReadOnlySpan<byte> pixels, PixelLayout layout, Span<float> luma)
    {
        var bpp = (int)layout;
        for (var i = 0; i < luma.Length; i++)
        {
            var p = pixels.Slice(i * bpp, 3);
            luma[i] = (float)((p[0] * PdqConstants.LumaR) + (p[1] * PdqConstants.LumaG) + (p[2] * PdqConstants.LumaB));
        }
    }

    /// <summary>16 pixels at a time; returns how many pixels it converted.</summary>
    private static int ConvertRgbaVector512(ReadOnlySpan<byte> pixels, Span<float> luma)
    {
        var words = MemoryMarshal.Cast<byte, uint>(pixels[..(luma.Length * 4)]);
        var mask = Vector512.Create(0xFFu);
        var wr = Vector512.Create(PdqConstants.LumaR);
        var wg = Vector512.Create(PdqConstants.LumaG);
        var wb = Vector512.Create(PdqConstants.LumaB);
        var i = 0;
        for (; i + 16 <= luma.Length; i += 16)
        {
            var px = Vector512.Create(words.Slice(i, 16));
            var (rLo, rHi) = Vector512.Widen(px & mask);
            var (gLo, gHi) = Vector512.Widen((px >> 8) & mask);
            var (bLo, bHi) = Vector512.Widen((px >> 16) & mask);
            var lo = (Vector512.ConvertToDouble(rLo) * wr) + (Vector512.ConvertToDouble(gLo) * wg) + (Vector512.ConvertToDouble(bLo) * wb);
            var hi = (Vector512.ConvertToDouble(rHi) * wr) + (Vector512.ConvertToDouble(gHi) * wg) + (Vector512.ConvertToDouble(bHi) * wb);
            Vector512.Narrow(lo, hi).CopyTo(luma.Slice(i, 16));
        }

        return i;
    }

    /// <summary>
    /// Luma written transposed: <paramref name="transposed"/>[c·height + r] = luma(r, c). The first
    /// (row) pass of the blur runs on the transpose, so this saves a separate transpose.
    /// </summary>
    public static void ConvertTransposed(ReadOnlySpan<byte> pixels, PixelLayout layout, int width, int height, Span<float> transposed)
    {
        var bpp = (int)layout;
        var rows8 = 0;
        var cols8 = 0;
        if (layout == PixelLayout.Rgba32 && Avx512F.IsSupported && width >= 8 && height >= 8)
        {
            rows8 = height & ~7;
            cols8 = width & ~7;
            ConvertTransposedAvx512(MemoryMarshal.Cast<byte, uint>(pixels[..(width * height * 4)]), width, height, rows8, cols8, transposed);
        }

        for (var r = 0; r < height; r++)
        {
            // Whole rows below the vector blocks; only the right-hand columns of rows inside them.
            for (var c = r < rows8 ? cols8 : 0; c < width; c++)
            {
                var p = pixels.Slice(((r * width) + c) * bpp, 3);
                transposed[(c * height) + r] = (float)((p[0] * PdqConstants.LumaR) + (p[1] * PdqConstants.LumaG) + (p[2] * PdqConstants.LumaB));
            }
        }
    }

    /// <summary>8 rows × 8 pixels at a time: luma in double lanes, narrowed to float, transposed in registers.</summary>
    private static void ConvertTransposedAvx512(ReadOnlySpan<uint> words, int width, int height, int rows8, int cols8, Span<float> transposed)
    {
        ref var src = ref MemoryMarshal.GetReference(words);
        ref var dst = ref MemoryMarshal.GetReference(transposed);
        for (var band = 0; band < cols8; band += 64)
        {
            var bandEnd = Math.Min(band + 64, cols8);
            for (var r = 0; r < rows8; r += 8)
            {
                for (var c = band; c < bandEnd; c += 8)
                {
                    var s = (nuint)((r * width) + c);
                    var w = (nuint)width;
                    Transposer.Store8x8(
                        Luma8(ref src, s),
                        Luma8(ref src, s + w),
                        Luma8(ref src, s + (2 * w)),
                        Luma8(ref src, s + (3 * w)),
                        Luma8(ref src, s + (4 * w)),
                        Luma8(ref src, s + (5 * w)),
                        Luma8(ref src, s + (6 * w)),
                        Luma8(ref src, s + (7 * w)),
                        ref dst,
                        (nuint)((c * height) + r),
                        (nuint)height);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Luma8(ref uint pixels, nuint offset)
    {
        var px = Vector512.WidenLower(Vector256.LoadUnsafe(ref pixels, offset).ToVector512Unsafe());
        var mask = Vector512.Create(0xFFUL);
        var r = Vector512.ConvertToDouble(px & mask);
        var g = Vector512.ConvertToDouble((px >> 8) & mask);
        var b = Vector512.ConvertToDouble((px >> 16) & mask);
        var luma = (r * Vector512.Create(PdqConstants.LumaR)) + (g * Vector512.Create(PdqConstants.LumaG)) + (b * Vector512.Create(PdqConstants.LumaB));
        return Avx512F.ConvertToVector256Single(luma);
    }
}
