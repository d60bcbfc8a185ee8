namespace Aegis.Core.Cluster;

/// <summary>A partition and the live node holding it, or null when nobody does (never held, released, or the lease ran out).</summary>
public readonly record struct PartitionHolding(int Partition, string? Owner);
