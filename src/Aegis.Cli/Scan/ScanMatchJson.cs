using System.Text.Json.Serialization;
using Aegis.Matching.Video;

namespace Aegis.Cli.Scan;

/// <summary>One match as <c>aegis scan --format json</c> prints it.</summary>
internal sealed record ScanMatchJson(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("bank")] string Bank,
    [property: JsonPropertyName("entry")] long Entry,
    [property: JsonPropertyName("distance")] int Distance,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("negative")] bool Negative,
    [property: JsonPropertyName("video"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ScanVideoJson? Video = null)
{
    /// <summary>Where the matched entry came from (its exchange or list), when known.</summary>
    [JsonPropertyName("source")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ScanSourceJson? Source { get; init; }
}

/// <summary>Where a matched entry came from: the exchange (its entry id, member, category) or the list.</summary>
internal sealed record ScanSourceJson(
    [property: JsonPropertyName("exchange"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Exchange,
    [property: JsonPropertyName("entry_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EntryId,
    [property: JsonPropertyName("member"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Member,
    [property: JsonPropertyName("category"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Category,
    [property: JsonPropertyName("list"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? List)
{
    public static ScanSourceJson? From(Aegis.Matching.Banks.MatchProvenance? p) => p is null ? null : new(p.Exchange, p.EntryId, p.Member, p.Category, p.List);
}

/// <summary>How a video matched a vPDQ entry.</summary>
internal sealed record ScanVideoJson(
    [property: JsonPropertyName("rule")] string Rule,
    [property: JsonPropertyName("query_percent")] double QueryPercent,
    [property: JsonPropertyName("candidate_percent")] double CandidatePercent,
    [property: JsonPropertyName("coverage_percent")] double CoveragePercent,
    [property: JsonPropertyName("matched_frames")] int MatchedFrames)
{
    public static ScanVideoJson? From(VideoMatch? match) => match is null
        ? null
        : new(match.Rule.ToString().ToLowerInvariant(), Math.Round(match.QueryPercent, 1), Math.Round(match.CandidatePercent, 1),
            Math.Round(match.CoveragePercent, 1), match.MatchedQueryFrames);
}
