using System.Globalization;

namespace Aegis.Server.Hosting;

/// <summary>
/// The content index across nodes: how many partitions it has (fixed when the database is first used), the leases by
/// which nodes hold them, where snapshots go, and how long a copy lookup waits for a partition that is catching up.
/// </summary>
public sealed class ContentIndexOptions
{
    /// <summary>The most partitions.</summary>
    public const int MaxPartitions = 4096;

    /// <summary>Partitions (an item's is its row id modulo this). 1 for one node; on PostgreSQL with many nodes, a few per node.</summary>
    public int Partitions { get; set; } = 1;

    /// <summary>How long a partition lease lasts unless renewed (renewed every third of it); a dead node's partitions move after this.</summary>
    public int LeaseSeconds { get; set; } = 15;

    /// <summary>This node's id in the cluster (unique per process); generated from the host name and process when empty.</summary>
    public string? NodeId { get; set; }

    /// <summary>The base URL other nodes call this one at for copy lookups; from <c>Urls</c> when it names a host.</summary>
    public string? AdvertiseUrl { get; set; }

    /// <summary>How long a copy lookup waits for partitions that are loading or moving before it answers incomplete.</summary>
    public int CopiesWaitSeconds { get; set; } = 10;

    /// <summary>Where partition snapshots are written (default: <c>content-index</c> under <c>Data</c>), one folder per node and partition.</summary>
    public string? Directory { get; set; }

    /// <summary>How often each partition's new items are written to its snapshot (also when a partition is given up or the node stops); 0: no snapshots, every start reads every row.</summary>
    public int SnapshotMinutes { get; set; } = 5;

    internal static void Validate(ContentIndexOptions o, List<string> problems)
    {
        if (o.Partitions is < 1 or > MaxPartitions)
        {
            problems.Add(Invariant($"ContentIndex:Partitions (AEGIS_CONTENTINDEX__PARTITIONS) is between 1 and {MaxPartitions}; got {o.Partitions}."));
        }

        if (o.LeaseSeconds is < 3 or > 600)
        {
            problems.Add(Invariant($"ContentIndex:LeaseSeconds (AEGIS_CONTENTINDEX__LEASESECONDS) is between 3 and 600; got {o.LeaseSeconds}."));
        }

        if (o.CopiesWaitSeconds is < 0 or > 600)
        {
            problems.Add(Invariant($"ContentIndex:CopiesWaitSeconds (AEGIS_CONTENTINDEX__COPIESWAITSECONDS) is between 0 and 600; got {o.CopiesWaitSeconds}."));
        }

        if (o.SnapshotMinutes is < 0 or > 1440)
        {
            problems.Add(Invariant($"ContentIndex:SnapshotMinutes (AEGIS_CONTENTINDEX__SNAPSHOTMINUTES) is between 0 (no snapshots) and 1440; got {o.SnapshotMinutes}."));
        }

        if (o.NodeId is { Length: > Storage.ClusterStore.MaxNodeIdLength })
        {
            problems.Add(Invariant($"ContentIndex:NodeId (AEGIS_CONTENTINDEX__NODEID) is at most {Storage.ClusterStore.MaxNodeIdLength} characters."));
        }

        if (!string.IsNullOrEmpty(o.AdvertiseUrl) && (!Uri.TryCreate(o.AdvertiseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            problems.Add($"ContentIndex:AdvertiseUrl (AEGIS_CONTENTINDEX__ADVERTISEURL): '{o.AdvertiseUrl}' is not an http:// or https:// URL.");
        }
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
