namespace Aegis.Storage;

/// <summary>A running node as it last said so.</summary>
/// <param name="NodeId">Its id (unique per process).</param>
/// <param name="Url">Where other nodes call it, or null.</param>
/// <param name="Token">The bearer token it accepts from other nodes.</param>
/// <param name="SeenAt">Its last heartbeat.</param>
public sealed record ClusterNode(string NodeId, string? Url, string Token, DateTimeOffset SeenAt);
