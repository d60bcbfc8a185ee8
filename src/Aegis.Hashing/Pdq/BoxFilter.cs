using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Aegis.Hashing.Pdq;

/// <summary>
/// The reference's 1-D box filter (box1DFloat) run down every column of a row-major matrix at
/// once: a running sum per column, one row added and one subtracted per step, divided by the
/// number of values summed. Each column sees exactly the reference's sequence of float
/// operations, so results are bit-identical; rows are read and written whole, in order.
/// </summary>
internal static class BoxFilter
{
    /// <summary>Rows staged before a transposed flush: 32 rows put 128 contiguous bytes in each destination row.</summary>
    public const int StageRows = 32;

    /// <summary>
    /// Filters every column and writes the result transposed (width × height): output[x·height + y].
    /// Rows are staged <see cref="StageRows"/> at a time in <paramref name="stage"/> and stored as 8×8
    /// tiles, which saves the separate transpose pass the next (row) filter would otherwise need.
    /// </summary>
    public static void ColumnsTransposed(ReadOnlySpan<float> input, Span<float> output, int height, int width, int window, Span<float> sums, Span<float> stage) =>
        Run(input, output, height, width, window, sums, selectedRows: default, stage[..(StageRows * width)]);

    /// <summary>
    /// Filters every column but writes only the rows in <paramref name="selectedRows"/> (ascending):
    /// output row k is filtered row selectedRows[k]. The running sums still pass every row.
    /// </summary>
    public static void ColumnsAt(ReadOnlySpan<float> input, Span<float> output, int height, int width, int window, ReadOnlySpan<int> selectedRows, Span<float> sums) =>
        Run(input, output, height, width, window, sums, selectedRows, stage: default);

    private static void Run(ReadOnlySpan<float> input, Span<float> output, int height, int width, int window, Span<float> sums, ReadOnlySpan<int> selectedRows, Span<float> stage)
    {
        var target = new Target(output, width, height, selectedRows, stage);
        var half = (window + 2) / 2;
        var phase1 = half - 1;
        var phase2 = window - half + 1;
        var phase3 = height - window;
        var phase4 = half - 1;
        sums = sums[..width];
        sums.Clear();
        int li = 0, ri = 0, oi = 0, count = 0;

        for (var i = 0; i < phase1; i++, ri++, count++)
        {
            Accumulate(sums, Row(input, ri, width), default);
        }

        for (var i = 0; i < phase2; i++, ri++, oi++)
        {
            Accumulate(sums, Row(input, ri, width), default);
            count++;
            target.Emit(sums, count, oi);
        }

        for (var i = 0; i < phase3; i++, li++, ri++, oi++)
        {
            Accumulate(sums, Row(input, ri, width), Row(input, li, width));
            target.Emit(sums, count, oi);
        }

        for (var i = 0; i < phase4; i++, li++, oi++)
        {
            Subtract(sums, Row(input, li, width));
            count--;
            target.Emit(sums, count, oi);
        }
    }

    private static ReadOnlySpan<float> Row(ReadOnlySpan<float> matrix, int row, int width) => matrix.Slice(row * width, width);

    /// <summary>Where filtered rows go: only the selected rows, or every row transposed through the stage.</summary>
    private ref struct Target(Span<float> output, int width, int height, ReadOnlySpan<int> selectedRows, Span<float> stage)
    {
        private readonly Span<float> _output = output;
        private readonly ReadOnlySpan<int> _selected = selectedRows;
        private readonly Span<float> _stage = stage;
        private int _next;

        public void Emit(ReadOnlySpan<float> sums, int count, int row)
        {
            if (!_stage.IsEmpty)
            {
                var slot = row % StageRows;
                Divide(sums, count, _stage.Slice(slot * width, width));
                if (slot == StageRows - 1 || row == height - 1)
                {
                    FlushTransposed(_stage, _output, width, height, row - slot, slot + 1);
                }
            }
            else
            {
                while (_next < _selected.Length && _selected[_next] == row)
                {
                    Divide(sums, count, _output.Slice(_next * width, width));
                    _next++;
                }
            }
        }
    }

    /// <summary>Stores <paramref name="rows"/> staged rows (starting at output row <paramref name="firstRow"/>) transposed.</summary>
    private static void FlushTransposed(ReadOnlySpan<float> stage, Span<float> output, int width, int height, int firstRow, int rows)
    {
        var tiled = Avx.IsSupported ? rows & ~7 : 0;
        var x = 0;
        if (tiled > 0)
        {
            ref var s = ref MemoryMarshal.GetReference(stage);
            ref var d = ref MemoryMarshal.GetReference(output);
            var w = (nuint)width;
            for (; x + 8 <= width; x += 8)
            {
                for (var r = 0; r < tiled; r += 8)
                {
                    var o = (nuint)((r * width) + x);
                    Transposer.Store8x8(
                        Vector256.LoadUnsafe(ref s, o),
                        Vector256.LoadUnsafe(ref s, o + w),
                        Vector256.LoadUnsafe(ref s, o + (2 * w)),
                        Vector256.LoadUnsafe(ref s, o + (3 * w)),
                        Vector256.LoadUnsafe(ref s, o + (4 * w)),
                        Vector256.LoadUnsafe(ref s, o + (5 * w)),
                        Vector256.LoadUnsafe(ref s, o + (6 * w)),
                        Vector256.LoadUnsafe(ref s, o + (7 * w)),
                        ref d,
                        (nuint)((x * height) + firstRow + r),
                        (nuint)height);
                }
            }
        }

        // Columns past the last whole tile take every staged row; the others only the rows past the tiles.
        for (var c = 0; c < width; c++)
        {
            for (var r = c < x ? tiled : 0; r < rows; r++)
            {
                output[(c * height) + firstRow + r] = stage[(r * width) + c];
            }
        }
    }

    /// <summary>sums += add, then sums -= sub when given (the reference's order).</summary>
    private static void Accumulate(Span<float> sums, ReadOnlySpan<float> add, ReadOnlySpan<float> sub)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            if (sub.IsEmpty)
            {
                for (; i + 16 <= sums.Length; i += 16)
                {
                    (Vector512.Create(sums.Slice(i, 16)) + Vector512.Create(add.Slice(i, 16))).CopyTo(sums.Slice(i, 16));
                }
            }
            else
            {
                for (; i + 16 <= sums.Length; i += 16)
                {
                    var s = Vector512.Create(sums.Slice(i, 16)) + Vector512.Create(add.Slice(i, 16));
                    (s - Vector512.Create(sub.Slice(i, 16))).CopyTo(sums.Slice(i, 16));
                }
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            if (sub.IsEmpty)
            {
                for (; i + 8 <= sums.Length; i += 8)
                {
                    (Vector256.Create(sums.Slice(i, 8)) + Vector256.Create(add.Slice(i, 8))).CopyTo(sums.Slice(i, 8));
                }
            }
            else
            {
                for (; i + 8 <= sums.Length; i += 8)
                {
                    var s = Vector256.Create(sums.Slice(i, 8)) + Vector256.Create(add.Slice(i, 8));
                    (s - Vector256.Create(sub.Slice(i, 8))).CopyTo(sums.Slice(i, 8));
                }
            }
        }

        for (; i < sums.Length; i++)
        {
            sums[i] += add[i];
            if (!sub.IsEmpty)
            {
                sums[i] -= sub[i];
            }
        }
    }

    private static void Subtract(Span<float> sums, ReadOnlySpan<float> sub)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= sums.Length; i += 16)
            {
                (Vector512.Create(sums.Slice(i, 16)) - Vector512.Create(sub.Slice(i, 16))).CopyTo(sums.Slice(i, 16));
            }
        }

        for (; i < sums.Length; i++)
        {
            sums[i] -= sub[i];
        }
    }

    private static void Divide(ReadOnlySpan<float> sums, int count, Span<float> output)
    {
        var i = 0;
        float divisor = count;
        if (Vector512.IsHardwareAccelerated)
        {
            var d = Vector512.Create(divisor);
            for (; i + 16 <= sums.Length; i += 16)
            {
                (Vector512.Create(sums.Slice(i, 16)) / d).CopyTo(output.Slice(i, 16));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var d = Vector256.Create(divisor);
            for (; i + 8 <= sums.Length; i += 8)
            {
                (Vector256.Create(sums.Slice(i, 8)) / d).CopyTo(output.Slice(i, 8));
            }
        }

        for (; i < sums.Length; i++)
        {
            output[i] = sums[i] / divisor;
        }
    }
}
