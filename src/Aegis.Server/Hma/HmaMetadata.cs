using System.Text.Json;
using System.Text.Json.Nodes;
using Aegis.Core.Input;
using Microsoft.AspNetCore.Http;

namespace Aegis.Server.Hma;

/// <summary>
/// HMA's optional content metadata (<c>BankedContentMetadata</c>: <c>content_id</c>, <c>content_uri</c>, <c>json</c>;
/// <c>collab</c> dropped from what a client sends, as HMA drops it; nothing else) and <c>note</c>, checked as HMA checks
/// them. Aegis keeps <c>content_id</c> as each entry's external id, and the rest on the content's primary entry
/// (<see cref="Stored"/>), from where it comes back on read.
/// </summary>
internal sealed record HmaMetadata
{
    /// <summary>HMA's limit on a note, in characters (code points, as Python counts them).</summary>
    private const int MaxNoteLength = 255;

    /// <summary>No metadata and no note.</summary>
    public static HmaMetadata None { get; } = new();

    /// <summary>The platform's id for the content, if given: an id Aegis can store and show (<see cref="Identifier"/>).</summary>
    public string? ContentId
    {
        get;
        init => field = Identifier.ValidateOptional("content_id", value) is { } invalid ? throw Invalid(invalid) : value;
    }

    /// <summary>The content's URI, if given.</summary>
    public string? ContentUri { get; init; }

    /// <summary>Free JSON kept with the content, if given.</summary>
    public JsonObject? Json { get; init; }

    /// <summary>Exchange provenance (exchange name to fetch ids): never from a client; kept when an import sets it.</summary>
    public JsonObject? Collab { get; init; }

    /// <summary>A note on the content (at most 255 characters), if given.</summary>
    public string? Note { get; init; }

    /// <summary>
    /// What is stored on the entry (all but <see cref="ContentId"/>): <c>{"collab", "content_uri", "json", "note"}</c>,
    /// those given only, or null when none is.
    /// </summary>
    public string? Stored
    {
        get
        {
            var stored = new JsonObject();
            Put(stored, "collab", Collab?.DeepClone());
            Put(stored, "content_uri", ContentUri);
            Put(stored, "json", Json?.DeepClone());
            Put(stored, "note", Note);
            return stored.Count == 0 ? null : stored.ToJsonString();
        }
    }

    /// <summary>HMA's <c>user_metadata</c>: the fields a client gave (<c>content_id</c>, <c>content_uri</c>, <c>json</c>), or null.</summary>
    public JsonObject? UserMetadata
    {
        get
        {
            var user = new JsonObject();
            Put(user, "content_id", ContentId);
            Put(user, "content_uri", ContentUri);
            Put(user, "json", Json is null ? null : HmaJson.Sorted(Json));
            return user.Count == 0 ? null : user;
        }
    }

    /// <summary>
    /// HMA's <c>metadata</c> on read: all four fields, null where absent, when a client gave any or the content has
    /// exchange provenance; else null (the key is left out).
    /// </summary>
    public JsonObject? View => ContentId is null && ContentUri is null && Json is null && Collab is null
        ? null
        : new JsonObject
        {
            ["collab"] = Collab is null ? null : HmaJson.Sorted(Collab),
            ["content_id"] = ContentId,
            ["content_uri"] = ContentUri,
            ["json"] = Json is null ? null : HmaJson.Sorted(Json),
        };

    /// <summary>The metadata stored on an entry (<see cref="Stored"/>) with its external id; unreadable JSON reads as none.</summary>
    public static HmaMetadata FromStored(string? stored, string? contentId)
    {
        JsonObject? fields = null;
        try
        {
            fields = stored is null ? null : JsonNode.Parse(stored) as JsonObject;
        }
        catch (JsonException)
        {
            // Written by Aegis as a JSON object; a row edited by hand to something else reads as no metadata.
        }

        return new HmaMetadata
        {
            ContentId = contentId,
            ContentUri = StringOf(fields?["content_uri"]),
            Json = fields?["json"]?.DeepClone() as JsonObject,
            Collab = fields?["collab"]?.DeepClone() as JsonObject,
            Note = StringOf(fields?["note"]),
        };
    }

    /// <summary>From a JSON body's <c>metadata</c> and <c>note</c>.</summary>
    public static HmaMetadata Read(JsonNode? metadata, JsonNode? note) => Parse(metadata) with { Note = CheckNote(note) };

    /// <summary>
    /// From a multipart form: <c>metadata</c> (a JSON string) and <c>note</c>, as HMA reads them; and, as Coop sends them,
    /// <c>content_id</c> and <c>content_uri</c> fields (HMA ignores those; Aegis keeps them when <c>metadata</c> has none).
    /// </summary>
    public static HmaMetadata Read(IFormCollection form)
    {
        var note = form["note"] is { Count: > 0 } text ? CheckNote(JsonValue.Create(text.ToString())) : null;
        var read = None;
        if (form["metadata"] is { Count: > 0 } metadata && metadata.ToString().Length > 0)
        {
            JsonNode? parsed;
            try
            {
                parsed = HmaJson.Parse(metadata.ToString());
            }
            catch (JsonException)
            {
                throw new HmaException(StatusCodes.Status400BadRequest, "metadata form field must be valid JSON");
            }

            read = Parse(parsed);
        }

        return read.WithFields(Field(form["content_id"]), Field(form["content_uri"])) with { Note = note };
    }

    /// <summary>These with <paramref name="contentId"/> and <paramref name="contentUri"/> where they have none (Coop's separate fields).</summary>
    public HmaMetadata WithFields(string? contentId, string? contentUri) =>
        this with { ContentId = ContentId ?? contentId, ContentUri = ContentUri ?? contentUri };

    /// <summary>
    /// HMA's <c>_validate_note</c>: a value that Python reads as false (absent, null, <c>""</c>, <c>0</c>, <c>false</c>,
    /// an empty list or object) is no note; anything else must be a string of at most 255 characters.
    /// </summary>
    public static string? CheckNote(JsonNode? note)
    {
        if (IsFalsy(note))
        {
            return null;
        }

        if (note is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
        {
            throw new HmaException(StatusCodes.Status400BadRequest, "note should be a string");
        }

        var text = value.GetValue<string>();
        return text.EnumerateRunes().Count() <= MaxNoteLength
            ? text
            : throw new HmaException(StatusCodes.Status400BadRequest, $"note must be at most {MaxNoteLength} characters");
    }

    private static HmaMetadata Parse(JsonNode? metadata)
    {
        if (metadata is null)
        {
            return None;
        }

        if (metadata is not JsonObject fields)
        {
            throw new HmaException(StatusCodes.Status400BadRequest, "metadata should be a json object");
        }

        var read = None;
        foreach (var (name, field) in fields)
        {
            read = name switch
            {
                "content_id" => read with { ContentId = Text(field, name) },
                "content_uri" => read with { ContentUri = Text(field, name) },
                "json" when field is null or JsonObject => read with { Json = (JsonObject?)field?.DeepClone() },
                "json" => throw Invalid("json: Input should be a valid dictionary"),
                "collab" => read, // dropped, as HMA drops it: provenance comes from exchanges, not clients
                _ => throw Invalid($"{name}: Extra inputs are not permitted"),
            };
        }

        return read;
    }

    private static bool IsFalsy(JsonNode? node) => node switch
    {
        null => true,
        JsonObject obj => obj.Count == 0,
        JsonArray array => array.Count == 0,
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.False or JsonValueKind.Null => true,
            JsonValueKind.String => value.GetValue<string>().Length == 0,
            JsonValueKind.Number => value.TryGetValue<double>(out var number) && number == 0,
            _ => false,
        },
        _ => false,
    };

    private static string? StringOf(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static string? Field(Microsoft.Extensions.Primitives.StringValues values) =>
        values is { Count: > 0 } && values.ToString() is { Length: > 0 } text ? text : null;

    private static string? Text(JsonNode? field, string name) => field switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw Invalid($"{name}: Input should be a valid string"),
    };

    private static void Put(JsonObject target, string name, JsonNode? value)
    {
        if (value is not null)
        {
            target[name] = value;
        }
    }

    private static HmaException Invalid(string detail) => new(StatusCodes.Status400BadRequest, "Invalid metadata: " + detail);
}
