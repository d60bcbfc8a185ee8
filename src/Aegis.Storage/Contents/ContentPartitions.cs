namespace Aegis.Storage;

/// <summary>Which of the content index's partitions a node reads (a row's partition is its id modulo <see cref="Count"/>).</summary>
/// <param name="Count">How many partitions there are.</param>
/// <param name="Mine">The ones this node holds.</param>
public sealed record ContentPartitions(int Count, IReadOnlySet<int> Mine)
{
    /// <summary>One partition, held: every row.</summary>
    public static ContentPartitions Single { get; } = new(1, new HashSet<int> { 0 });

    /// <summary>True when every partition is held (no filter needed).</summary>
    public bool All => Mine.Count >= Count;

    /// <summary>The partition of a row.</summary>
    public static int Of(long rowId, int count) => (int)(rowId % count);
}
