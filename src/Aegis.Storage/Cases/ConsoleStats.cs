using Aegis.Core.Stats;

namespace Aegis.Storage;

/// <summary>The console's statistics over a period, bucket by bucket (<c>CaseStore.ConsoleStatsAsync</c>).</summary>
/// <param name="From">The first bucket's start (the asked start rounded down to a whole bucket, UTC).</param>
/// <param name="To">The last bucket's end, exclusive (the asked end rounded up).</param>
/// <param name="Bucket">How long each bucket is.</param>
/// <param name="Now">When the figures were read: a bucket still under way counts up to here.</param>
/// <param name="Buckets">Every bucket of the period, oldest first, empty ones too.</param>
public sealed record ConsoleStats(DateTimeOffset From, DateTimeOffset To, StatsBucket Bucket, DateTimeOffset Now, IReadOnlyList<ConsoleStatsBucket> Buckets);
