using System.Text.Json.Serialization;

namespace Aegis.Cli.Scan;

/// <summary>One match as <c>aegis scan --format json</c> prints it.</summary>
internal sealed record ScanMatchJson(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("bank")] string Bank,
    [property: JsonPropertyName("entry")] long Entry,
    [property: JsonPropertyName("distance")] int Distance,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("negative")] bool Negative);
