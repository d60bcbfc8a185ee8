using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

    public static void ConvertScalar(ReadOnlySpan<byte> pixels, PixelLayout layout, Span<float> luma)
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
}
