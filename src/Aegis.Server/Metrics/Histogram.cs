using System.Globalization;
using System.Text;

namespace Aegis.Server.Metrics;

/// <summary>A Prometheus histogram of seconds with fixed buckets, updated lock-free.</summary>
internal sealed class Histogram
{
    private static readonly double[] Bounds = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly long[] _counts = new long[Bounds.Length + 1];
    private long _sumMicroseconds;

    public void Observe(double seconds)
    {
        var i = 0;
        while (i < Bounds.Length && seconds > Bounds[i])
        {
            i++;
        }

        Interlocked.Increment(ref _counts[i]);
        Interlocked.Add(ref _sumMicroseconds, (long)(seconds * 1e6));
    }

    public void Write(StringBuilder text, string name, string labels)
    {
        var cumulative = 0L;
        var prefix = labels.Length == 0 ? "" : labels + ",";
        for (var i = 0; i < Bounds.Length; i++)
        {
            cumulative += Interlocked.Read(ref _counts[i]);
            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{prefix}le=\"{Bounds[i].ToString(CultureInfo.InvariantCulture)}\"}} {cumulative}\n");
        }

        cumulative += Interlocked.Read(ref _counts[^1]);
        text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{prefix}le=\"+Inf\"}} {cumulative}\n");
        var braces = labels.Length == 0 ? "" : "{" + labels + "}";
        text.Append(CultureInfo.InvariantCulture, $"{name}_sum{braces} {Interlocked.Read(ref _sumMicroseconds) / 1e6}\n");
        text.Append(CultureInfo.InvariantCulture, $"{name}_count{braces} {cumulative}\n");
    }
}
