namespace Aegis.Storage.Model;

/// <summary>A row of <c>cluster_nodes</c>: a running node, where other nodes reach it, and when it was last seen.</summary>
internal sealed class ClusterNodeRow
{
    public required string NodeId { get; set; }

    /// <summary>The base URL other nodes call (copy lookups), or null when it takes no calls.</summary>
    public string? Url { get; set; }

    /// <summary>The bearer token this process accepts from other nodes (random per process start).</summary>
    public required string Token { get; set; }

    /// <summary>The last heartbeat (Unix ms: compared in SQL on both providers).</summary>
    public long SeenAt { get; set; }
}
