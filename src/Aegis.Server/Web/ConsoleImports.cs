using System.Collections.Concurrent;
using System.Text;
using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using Aegis.Server.Api;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.Web;

/// <summary>
/// Hash lists uploaded in the console, imported in the background once the upload is in (the page answers at once and
/// polls the job): the job is <see cref="ImportJobs"/>' like an API import, plus how much of the file has been read.
/// An import outlives the request that started it and stops only with the server (the batches committed stay).
/// </summary>
internal sealed partial class ConsoleImports(ImportJobs jobs, IHostApplicationLifetime lifetime, ILogger<ConsoleImports> logger)
{
    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);

    /// <summary>
    /// Starts importing <paramref name="file"/> (a received upload, at its start; this disposes it) into
    /// <paramref name="bank"/>. The format is detected (from the file's name, then its first line) unless given.
    /// </summary>
    public ImportJob Start(string bank, Stream file, string? fileName, HashListFormat? format, SignalType? type, string? list, string actor)
    {
        ArgumentNullException.ThrowIfNull(file);
        var counted = new CountingStream(file);
        var text = new StreamReader(counted, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, 1 << 16);
        HashListReader reader;
        try
        {
            reader = HashListReader.Create(text, format, fileName, type);
        }
        catch
        {
            text.Dispose();
            throw;
        }

        var job = jobs.Start(bank, reader.Format.ToString().ToLowerInvariant());
        var running = new Running(counted);
        _running[job.Id] = running;
        running.Task = Task.Run(async () =>
        {
            using (text)
            using (reader)
            {
                try
                {
                    await jobs.RunAsync(job, reader, list, actor, lifetime.ApplicationStopping);
                }
                catch (Exception e)
                {
                    // The job says why; the log keeps the detail.
                    LogFailed(logger, e, job.Id, bank);
                }
                finally
                {
                    _running.TryRemove(job.Id, out _);
                }
            }
        });
        return job;
    }

    /// <summary>Completes when the import has finished (at once for one that is not running on this node).</summary>
    public Task WhenDoneAsync(string id) => _running.TryGetValue(id, out var running) ? running.Task : Task.CompletedTask;

    /// <summary>The share of the file read so far (0 to 1), or null when the import is not running on this node.</summary>
    public double? FractionRead(string id) => _running.TryGetValue(id, out var running) ? running.File.Fraction : null;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Console import {Job} into bank {Bank} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string job, string bank);

    private sealed class Running(CountingStream file)
    {
        public CountingStream File { get; } = file;

        public Task Task { get; set; } = Task.CompletedTask;
    }

    /// <summary>A read-only stream that counts what has been read of it, for a progress bar read from another thread.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        private readonly long _length = inner.Length;
        private long _read;

        public double Fraction => _length == 0 ? 1 : Math.Clamp((double)Interlocked.Read(ref _read) / _length, 0, 1);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => _length;

        public override long Position { get => Interlocked.Read(ref _read); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private int Count(int read)
        {
            Interlocked.Add(ref _read, read);
            return read;
        }
    }
}
