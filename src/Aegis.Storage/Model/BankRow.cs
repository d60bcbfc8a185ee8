using Aegis.Matching.Banks;
using Aegis.Matching.Video;

namespace Aegis.Storage.Model;

/// <summary>
/// A row of <c>banks</c>. A deleted bank (<see cref="DeletedAt"/> set) keeps its row for the record, and is gone from every
/// query of the model (a query filter), so its name is free: names are unique among live banks only.
/// </summary>
internal sealed class BankRow
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public int PdqThreshold { get; set; }

    public BankAction Action { get; set; }

    public BankKind Kind { get; set; }

    public bool Enabled { get; set; }

    public string? Description { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary><see cref="Bank.MatchingRatio"/>: HMA's <c>matching_enabled_ratio</c> (0–1).</summary>
    public double MatchingRatio { get; set; } = 1.0;

    /// <summary>When the bank was deleted; null while it lives.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary><see cref="VideoMatchThresholds.QueryPercent"/> of the bank's video rules.</summary>
    public double VideoQueryPercent { get; set; } = VideoMatchThresholds.Default.QueryPercent;

    /// <summary><see cref="VideoMatchThresholds.ContainmentPercent"/>.</summary>
    public double VideoContainmentPercent { get; set; } = VideoMatchThresholds.Default.ContainmentPercent;

    /// <summary><see cref="VideoMatchThresholds.SegmentFrames"/>.</summary>
    public int VideoSegmentFrames { get; set; } = VideoMatchThresholds.Default.SegmentFrames;

    public Bank ToBank() => new(Name, PdqThreshold, Action, Kind, Enabled, Description, CreatedAt)
    {
        MatchingRatio = MatchingRatio,
        Video = VideoMatchThresholds.Default with
        {
            QueryPercent = VideoQueryPercent,
            ContainmentPercent = VideoContainmentPercent,
            SegmentFrames = VideoSegmentFrames,
        },
    };

    public void SetVideo(VideoMatchThresholds video)
    {
        VideoQueryPercent = video.QueryPercent;
        VideoContainmentPercent = video.ContainmentPercent;
        VideoSegmentFrames = video.SegmentFrames;
    }
}
