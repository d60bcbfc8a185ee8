using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Aegis.Hashing.Video;

/// <summary>
/// One ffmpeg/ffprobe run: stdout streamed to the caller, stderr collected (last 4 KB) for the error
/// message, and the whole process tree killed on timeout, cancellation or any failure, so no
/// process outlives the call.
/// </summary>
internal sealed class FfmpegProcess : IDisposable
{
    private const int StderrKept = 4096;

    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly Task _stderrPump;

    private FfmpegProcess(Process process)
    {
        _process = process;
        _stderrPump = Task.Run(async () =>
        {
            var buffer = new char[1024];
            int read;
            while ((read = await process.StandardError.ReadAsync(buffer)) > 0)
            {
                lock (_stderr)
                {
                    _stderr.Append(buffer, 0, read);
                    if (_stderr.Length > StderrKept)
                    {
                        _stderr.Remove(0, _stderr.Length - StderrKept);
                    }
                }
            }
        });
    }

    public Stream Output => _process.StandardOutput.BaseStream;

    public string ErrorText
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString().Trim();
            }
        }
    }

    /// <summary>Starts <paramref name="executable"/>; its stdin is closed at once unless <paramref name="keepInput"/> (then see <see cref="SendInputAsync"/>).</summary>
    public static FfmpegProcess Start(string executable, IEnumerable<string> arguments, bool keepInput = false)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            var process = Process.Start(start) ?? throw new VideoHashException(VideoErrorKind.FfmpegMissing, $"Could not start {executable}.");
            if (!keepInput)
            {
                process.StandardInput.Close();
            }

            return new FfmpegProcess(process);
        }
        catch (Win32Exception e)
        {
            throw new VideoHashException(VideoErrorKind.FfmpegMissing, $"{executable} is not installed or not on PATH (Debian: apt-get install ffmpeg).", e);
        }
    }

    /// <summary>
    /// Writes <paramref name="text"/> (ASCII) to stdin and closes it. A process that has already
    /// exited is not an error here: its exit code and stderr say why.
    /// </summary>
    public async Task SendInputAsync(string text, CancellationToken cancellationToken)
    {
        try
        {
            var input = _process.StandardInput.BaseStream;
            await input.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken);
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The pipe is broken: ffmpeg has stopped.
        }
    }

    /// <summary>Waits for the exit; returns the exit code.</summary>
    public async Task<int> WaitAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        await _stderrPump;
        return _process.ExitCode;
    }

    public void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
