using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Aegis.Hashing.Video;

/// <summary>
/// Video bytes held where ffprobe and ffmpeg can open them by path without their touching a disk: on Linux an
/// anonymous memory file (<c>memfd_create</c>), opened by the children as <c>/proc/&lt;pid&gt;/fd/&lt;n&gt;</c> and gone with
/// its last handle, so an upload (which may be abuse material) is never written to disk and a crash leaves nothing
/// behind. Elsewhere, or where memory files are refused, a file readable by this user only, in a directory of its own,
/// deleted on dispose. ffmpeg needs a seekable input (an MP4's index may sit at its end), so a pipe would not do.
/// </summary>
internal sealed partial class VideoBytesFile : IDisposable
{
    private const uint MfdCloexec = 1;

    private readonly SafeFileHandle? _memory;
    private readonly string? _directory;

    private VideoBytesFile(string path, SafeFileHandle? memory, string? directory)
    {
        Path = path;
        _memory = memory;
        _directory = directory;
    }

    /// <summary>Where ffmpeg reads the bytes.</summary>
    public string Path { get; }

    /// <summary>True when the bytes are in memory only.</summary>
    public bool InMemory => _memory is not null;

    public static VideoBytesFile Create(ReadOnlySpan<byte> bytes)
    {
        if (OperatingSystem.IsLinux() && TryMemoryFile(bytes) is { } memory)
        {
            return memory;
        }

        var directory = Directory.CreateTempSubdirectory("aegis-video-").FullName; // 0700 on Unix
        var path = System.IO.Path.Combine(directory, "upload");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(path, options))
        {
            file.Write(bytes);
        }

        return new VideoBytesFile(path, null, directory);
    }

    public void Dispose()
    {
        _memory?.Dispose();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static VideoBytesFile? TryMemoryFile(ReadOnlySpan<byte> bytes)
    {
        int fd;
        try
        {
            fd = MemfdCreate("aegis-video", MfdCloexec);
        }
        catch (EntryPointNotFoundException)
        {
            return null; // a libc without memfd_create
        }

        if (fd < 0)
        {
            return null;
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            RandomAccess.Write(handle, bytes, 0);
            var path = $"/proc/{Environment.ProcessId}/fd/{fd}";
            return File.Exists(path) ? new VideoBytesFile(path, handle, null) : Refuse(handle);
        }
        catch (IOException)
        {
            return Refuse(handle);
        }
    }

    private static VideoBytesFile? Refuse(SafeFileHandle handle)
    {
        handle.Dispose();
        return null;
    }

    [LibraryImport("libc", EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int MemfdCreate(string name, uint flags);
}
