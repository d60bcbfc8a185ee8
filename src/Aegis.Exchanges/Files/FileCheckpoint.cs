using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aegis.Exchanges.Files;

/// <summary>
/// Where a file exchange stands: the SHA-256 of the last version applied whole (and its ETag), and, while a version is
/// being applied page by page, that version's SHA-256 and the byte offset of its next line.
/// </summary>
internal sealed record FileCheckpoint(
    [property: JsonPropertyName("done")] string? Done,
    [property: JsonPropertyName("etag")] string? ETag,
    [property: JsonPropertyName("pending")] string? Pending,
    [property: JsonPropertyName("offset")] long Offset)
{
    public static readonly FileCheckpoint Start = new(null, null, null, 0);

    public static FileCheckpoint Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Start;
        }

        try
        {
            return JsonSerializer.Deserialize<FileCheckpoint>(text) ?? Start;
        }
        catch (JsonException)
        {
            return Start; // not one of ours: read the list again from the start (re-applying it changes nothing)
        }
    }

    public string Write() => JsonSerializer.Serialize(this);
}
