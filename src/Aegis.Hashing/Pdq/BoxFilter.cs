using System.Runtime.Intrinsics;

namespace Aegis.Hashing.Pdq;

/// <summary>
/// The reference's 1-D box filter (box1DFloat) run down every column of a row-major matrix at
/// once: a running sum per column, one row added and one subtracted per step, divided by the
/// number of values summed. Each column sees exactly the reference's sequence of float
/// operations, so results are bit-identical; rows are read and written whole, in order.
/// </summary>
internal static class BoxFilter
{
    /// <summary>Filters every column of <paramref name="input"/> (height × width) into <paramref name="output"/>.</summary>
    public static void Columns(ReadOnlySpan<float> input, Span<float> output, int height, int width, int window, Span<float> sums) =>
        Run(input, output, height, width, window, sums, selectedRows: default);

    /// <summary>
    /// Filters every column but writes only the rows in <paramref name="selectedRows"/> (ascending):
    /// output row k is filtered row selectedRows[k]. The running sums still pass every row.
    /// </summary>
    public static void ColumnsAt(ReadOnlySpan<float> input, Span<float> output, int height, int width, int window, ReadOnlySpan<int> selectedRows, Span<float> sums) =>
        Run(input, output, height, width, window, sums, selectedRows);

    private static void Run(ReadOnlySpan<float> input, Span<float> output, int height, int width, int window, Span<float> sums, ReadOnlySpan<int> selectedRows)
    {
        var half = (window + 2) / 2;
        var phase1 = half - 1;
        var phase2 = window - half + 1;
        var phase3 = height - window;
        var phase4 = half - 1;
        sums = sums[..width];
        sums.Clear();
        int li = 0, ri = 0, oi = 0, count = 0, next = 0;

        for (var i = 0; i < phase1; i++, ri++, count++)
        {
            Accumulate(sums, Row(input, ri, width), default);
        }

        for (var i = 0; i < phase2; i++, ri++, oi++)
        {
            Accumulate(sums, Row(input, ri, width), default);
            count++;
            Emit(sums, count, output, width, oi, selectedRows, ref next);
        }

        for (var i = 0; i < phase3; i++, li++, ri++, oi++)
        {
            Accumulate(sums, Row(input, ri, width), Row(input, li, width));
            Emit(sums, count, output, width, oi, selectedRows, ref next);
        }

        for (var i = 0; i < phase4; i++, li++, oi++)
        {
            Subtract(sums, Row(input, li, width));
            count--;
            Emit(sums, count, output, width, oi, selectedRows, ref next);
        }
    }

    private static ReadOnlySpan<float> Row(ReadOnlySpan<float> matrix, int row, int width) => matrix.Slice(row * width, width);

    private static void Emit(Span<float> sums, int count, Span<float> output, int width, int row, ReadOnlySpan<int> selectedRows, ref int next)
    {
        if (selectedRows.IsEmpty)
        {
            Divide(sums, count, output.Slice(row * width, width));
            return;
        }

        while (next < selectedRows.Length && selectedRows[next] == row)
        {
            Divide(sums, count, output.Slice(next * width, width));
            next++;
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
