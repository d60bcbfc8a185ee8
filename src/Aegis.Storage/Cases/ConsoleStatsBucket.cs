namespace Aegis.Storage;

/// <summary>One bucket of ConsoleStats. Levels are each case's level now (a later report may have raised it).</summary>
/// <param name="Start">The bucket's start.</param>
/// <param name="End">The bucket's end (exclusive).</param>
/// <param name="SecondsToRestrict">From the first report to restriction, over the cases a report opened that were restricted in this bucket.</param>
/// <param name="SecondsToRemove">From the first report to removal, over the cases a report opened that were removed in this bucket.</param>
/// <param name="Opened">Cases opened in this bucket, by level, most urgent first.</param>
/// <param name="OpenAtEnd">Cases open or awaiting a second review at the bucket's end (now, for the bucket under way), by level; null for a bucket not begun.</param>
/// <param name="ExposureAfterReport">Views and shares gained from the first report to restriction (or removal, if never restricted), over the cases a report opened that were acted on in this bucket.</param>
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
