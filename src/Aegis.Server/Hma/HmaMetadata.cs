using System.Text.Json;
using System.Text.Json.Nodes;
using Aegis.Core.Input;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>
/// HMA's optional content metadata (<c>BankedContentMetadata</c>: <c>content_id</c>, <c>content_uri</c>, <c>json</c>;
/// <c>collab</c> dropped; nothing else) and <c>note</c>, checked as HMA checks them. Aegis keeps <c>content_id</c> as
/// each entry's external id; the rest is accepted and not stored.
/// </summary>
/// <param name="ContentId">The platform's id for the content, if given.</param>
internal sealed record HmaMetadata(string? ContentId)
{
    private const int MaxNoteLength = 255;

    /// <summary>The content id, refused (400, as HMA refuses bad metadata) when it is not an id Aegis can store and show
    /// (<see cref="Identifier"/>), wherever it came from (metadata, a form field, the query).</summary>
    public string? ContentId { get; } = Identifier.ValidateOptional("content_id", ContentId) is { } invalid ? throw Invalid(invalid) : ContentId;

    /// <summary>No metadata.</summary>
    public static HmaMetadata None { get; } = new((string?)null);

    /// <summary>From a JSON body's <c>metadata</c> and <c>note</c>.</summary>
    public static HmaMetadata Read(JsonNode? metadata, JsonNode? note)
    {
        if (note is not null)
        {
            var text = note is JsonValue value && value.GetValueKind() == JsonValueKind.String
                ? value.GetValue<string>()
                : throw new HmaException(StatusCodes.Status400BadRequest, "note should be a string");
            CheckNote(text);
        }

        if (metadata is null)
        {
            return None;
        }

        if (metadata is not JsonObject fields)
        {
            throw new HmaException(StatusCodes.Status400BadRequest, "metadata should be a json object");
        }

        string? contentId = null;
        foreach (var (name, field) in fields)
        {
            switch (name)
            {
                case "content_id":
                    contentId = Text(field, name);
                    break;
                case "content_uri":
                    Text(field, name);
                    break;
                case "json" when field is null or JsonObject:
                case "collab":
                    break;
                case "json":
                    throw Invalid("json: Input should be a valid dictionary");
                default:
                    throw Invalid($"{name}: Extra inputs are not permitted");
            }
        }

        return new HmaMetadata(contentId);
    }

    /// <summary>From a multipart form's <c>metadata</c> (a JSON string) and <c>note</c> fields.</summary>
    public static HmaMetadata Read(IFormCollection form)
    {
        if (form["note"] is { Count: > 0 } note)
        {
            CheckNote(note.ToString());
        }

        if (form["metadata"] is not { Count: > 0 } metadata || metadata.ToString().Length == 0)
        {
            return None;
        }

        JsonNode? parsed;
        try
        {
            parsed = HmaJson.Parse(metadata.ToString());
        }
        catch (JsonException e)
        {
            throw new HmaException(StatusCodes.Status400BadRequest, HmaJson.Describe(e, "The metadata form field"));
        }

        return Read(parsed, null);
    }

    private static void CheckNote(string note)
    {
        if (note.Length > MaxNoteLength)
        {
            throw new HmaException(StatusCodes.Status400BadRequest, $"note must be at most {MaxNoteLength} characters");
        }
    }

    private static string? Text(JsonNode? field, string name) => field switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw Invalid($"{name}: Input should be a valid string"),
    };

    private static HmaException Invalid(string detail) => new(StatusCodes.Status400BadRequest, "Invalid metadata: " + detail);
}
