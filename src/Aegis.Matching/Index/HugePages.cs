using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Aegis.Matching.Index;

/// <summary>
/// Large pinned arrays backed by transparent huge pages where the kernel offers them (Linux THP in
/// "madvise" mode, Debian's default). Index lookups read at random across hundreds of megabytes;
/// with 4 KB pages nearly every read also misses the TLB, with 2 MB pages almost none do.
/// </summary>
internal static partial class HugePages
{
    private const int MadviseHugePage = 14;
    private const long HugePageSize = 2 * 1024 * 1024;

    /// <summary>An uninitialised pinned array, advised to use huge pages before anything touches it.</summary>
    public static T[] Allocate<T>(int length)
        where T : unmanaged
    {
        var array = GC.AllocateUninitializedArray<T>(length, pinned: true);
        Advise(array);
        return array;
    }

    private static unsafe void Advise<T>(T[] array)
        where T : unmanaged
    {
        var bytes = (long)array.Length * sizeof(T);
        if (!OperatingSystem.IsLinux() || bytes < 2 * HugePageSize)
        {
            return;
        }

        // Only whole huge pages inside the array; best effort: a kernel without THP just says no.
        var start = (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        var first = (start + HugePageSize - 1) & ~(HugePageSize - 1);
        var last = (start + bytes) & ~(HugePageSize - 1);
        if (last > first)
        {
            _ = Madvise((nint)first, (nuint)(last - first), MadviseHugePage);
        }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
