namespace Aegis.Exchanges.StopNcii;

/// <summary>
/// Where a StopNCII fetch stands: a run asks FetchHashes from <see cref="Start"/> and pages with
/// <see cref="Token"/>; when the run ends, the last page's <c>nextSetTimestamp</c> is the next run's start.
/// </summary>
/// <param name="Start">The run's <c>startTimestamp</c>, unix seconds.</param>
/// <param name="FetchedAt">When StopNCII was last read, unix seconds (a checkpoint unused for 30 days is stale, as python-threatexchange has it).</param>
/// <param name="Token">The run's <c>nextPageToken</c>, while the run has pages left.</param>
/// <param name="TokenAt">When <see cref="Token"/> was given, unix seconds.</param>
internal sealed record StopNciiCheckpoint(long Start, long FetchedAt, string? Token = null, long? TokenAt = null);
