namespace Aegis.Storage.Import;

/// <summary>Counts an import and reports its progress about every <see cref="ReportEvery"/> records.</summary>
internal sealed class ImportCounter(TimeProvider time, IProgress<ImportProgress>? progress)
{
    public const long ReportEvery = 100_000;

    private readonly long _started = time.GetTimestamp();
    private long _lastReported;

    public long Read { get; set; }

    public long Added { get; set; }

    /// <summary>Called after each committed batch.</summary>
    public void BatchCommitted()
    {
        if (Read - _lastReported >= ReportEvery)
        {
            Report();
        }
    }

    public ImportResult Finish()
    {
        if (Read != _lastReported || Read == 0)
        {
            Report();
        }

        return new ImportResult(Read, Added, Read - Added, time.GetElapsedTime(_started));
    }

    private void Report()
    {
        _lastReported = Read;
        progress?.Report(new ImportProgress(Read, Added, Read - Added, time.GetElapsedTime(_started)));
    }
}
