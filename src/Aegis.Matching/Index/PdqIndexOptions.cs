namespace Aegis.Matching.Index;

/// <summary>Tuning of <see cref="PdqIndex"/>.</summary>
public sealed record PdqIndexOptions
{
    /// <summary>Entries added since the last build after which a new segment is built in the background.</summary>
    public int MergeThreshold { get; init; } = 8192;
}
