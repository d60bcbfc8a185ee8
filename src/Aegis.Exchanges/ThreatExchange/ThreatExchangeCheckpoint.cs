namespace Aegis.Exchanges.ThreatExchange;

/// <summary>
/// Where a <c>/threat_updates</c> fetch stands. A run asks from <see cref="UpdateTime"/> (none the first time) and
/// follows <c>paging.next</c>, stored without its access token; when the run ends, the newest <c>last_updated</c> it saw
/// is the next run's <see cref="UpdateTime"/> (python-threatexchange's <c>update_time</c>).
/// </summary>
/// <param name="FetchedAt">When ThreatExchange was last read (unix seconds): deletions are kept 90 days, so a checkpoint unused for 85 is stale.</param>
/// <param name="UpdateTime">The run's <c>start_time</c>, unix seconds; null for the first run.</param>
/// <param name="Next">The run's next page, <c>paging.next</c> without <c>access_token</c>.</param>
/// <param name="NextAt">When <see cref="Next"/> was given.</param>
/// <param name="High">The newest <c>last_updated</c> of the run so far.</param>
internal sealed record ThreatExchangeCheckpoint(long FetchedAt, long? UpdateTime = null, string? Next = null, long? NextAt = null, long? High = null);
