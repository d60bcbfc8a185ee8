using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace Aegis.Fuzz.Tests.Support;

/// <summary>
/// CPU time of one thread, so that a fuzz case is bounded by the work it does, not by the wall clock of a busy
/// machine. Linux only (the project's machines); elsewhere the wall clock stands in.
/// </summary>
internal static partial class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;
    private const double ClockTicksPerSecond = 100; // USER_HZ, what /proc reports utime and stime in

    /// <summary>The calling thread's kernel thread id (0 where it cannot be had).</summary>
    public static int CurrentThreadId() => OperatingSystem.IsLinux() ? GetTid() : 0;

    /// <summary>CPU time the calling thread has used.</summary>
    public static TimeSpan Current()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTimeId, out var time) == 0)
        {
            return TimeSpan.FromTicks((time.Seconds * TimeSpan.TicksPerSecond) + (time.Nanoseconds / 100));
        }

        return Stopwatch.GetElapsedTime(0);
    }

    /// <summary>CPU time thread <paramref name="tid"/> of this process has used, read by another thread; null when unknown.</summary>
    public static TimeSpan? Of(int tid)
    {
        if (tid == 0)
        {
            return null;
        }

        try
        {
            // Fields after the command name (which is in parentheses and may hold spaces): state is field 3, utime 14, stime 15.
            var stat = File.ReadAllText($"/proc/self/task/{tid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromSeconds(ticks / ClockTicksPerSecond);
        }
        catch (IOException)
        {
            return null;
        }
    }

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
