using Aegis.Matching.Banks;
using Aegis.Matching.Video;

namespace Aegis.Storage.Model;

/// <summary>A row of <c>banks</c>.</summary>
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

    /// <summary><see cref="VideoMatchThresholds.QueryPercent"/> of the bank's video rules.</summary>
    public double VideoQueryPercent { get; set; } = VideoMatchThresholds.Default.QueryPercent;

    /// <summary><see cref="VideoMatchThresholds.ContainmentPercent"/>.</summary>
    public double VideoContainmentPercent { get; set; } = VideoMatchThresholds.Default.ContainmentPercent;

    /// <summary><see cref="VideoMatchThresholds.SegmentFrames"/>.</summary>
    public int VideoSegmentFrames { get; set; } = VideoMatchThresholds.Default.SegmentFrames;

    public Bank ToBank() => new(Name, PdqThreshold, Action, Kind, Enabled, Description, CreatedAt)
    {
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
