namespace Aegis.Storage;

/// <summary>One bucket of <see cref="ConsoleStats"/>. Levels are each case's level now (a later report may have raised it).</summary>
/// <param name="Start">The bucket's start.</param>
/// <param name="End">The bucket's end (exclusive).</param>
/// <param name="SecondsToRestrict">From the first report to restriction, over the cases restricted in this bucket (cases a report
/// opened; those the gate or the cascade opened were restricted as they opened).</param>
/// <param name="SecondsToRemove">From the first report to removal, over the cases removed in this bucket (likewise).</param>
/// <param name="Opened">Cases opened in this bucket, by level, most urgent first.</param>
/// <param name="OpenAtEnd">Cases open (or awaiting a second review) at the bucket's end, or now for the bucket under way, by
/// level; null for a bucket that has not begun.</param>
/// <param name="ExposureAfterReport">Views and shares gained between the first report and restriction (or removal, for a case
/// never restricted), over the cases restricted or removed in this bucket.</param>
/// <param name="SlaBreaches">Cases whose SLA ran out in this bucket while they were open, by level.</param>
public sealed record ConsoleStatsBucket(
    DateTimeOffset Start,
    DateTimeOffset End,
    Percentile? SecondsToRestrict,
    Percentile? SecondsToRemove,
    IReadOnlyList<LevelCount> Opened,
    IReadOnlyList<LevelCount>? OpenAtEnd,
    ExposureGain ExposureAfterReport,
    IReadOnlyList<LevelCount> SlaBreaches);
