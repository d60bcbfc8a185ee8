using System.Runtime.InteropServices;

namespace Aegis.Hashing.Memory;

/// <summary>
/// Makes the C library give large freed blocks back to the system at once. glibc's malloc, which Skia's decoders
/// (libjpeg, libpng, libwebp) and <see cref="RentedBuffer{T}"/>'s native memory use, maps a block of its own only above
/// a threshold that it raises to the size of every mapped block freed, up to 32 MiB: after one large image, blocks of a
/// few to 32 MiB come from its heap and stay resident when freed (measured: a progressive JPEG's 8–32 MiB coefficient
/// arrays stayed, 30 MB more at the peak of the next 16-megapixel image). A fixed threshold ends the raising.
/// </summary>
public static partial class NativeHeap
{
    /// <summary>Blocks this large or larger get a mapping of their own, unmapped when freed; a decoder's row buffers stay below.</summary>
    public const int LargeBlockBytes = 1024 * 1024;

    /// <summary>glibc's <c>M_MMAP_THRESHOLD</c>.</summary>
    private const int MmapThreshold = -3;

    /// <summary>Fixes the threshold at <see cref="LargeBlockBytes"/> for the whole process; false where the C library is not glibc.</summary>
    public static bool ReturnLargeBlocksAtOnce()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            return Mallopt(MmapThreshold, LargeBlockBytes) == 1;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "mallopt")]
    private static partial int Mallopt(int parameter, int value);
}
