using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aegis.Core.Cases;

/// <summary>Writes an enum by its wire name and reads it back (any case); an unknown name is a JSON error naming the names.</summary>
internal abstract class WireNameJsonConverter<T>(Func<T, string> name, Func<string?, T?> parse, Func<string> names) : JsonConverter<T>
    where T : struct, Enum
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && parse(reader.GetString()) is { } value
            ? value
            : throw new JsonException($"Expected one of {names()}.");

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(name(value));
    }
}

/// <summary>A <see cref="ReviewQueue"/> as <c>child-safety</c>, <c>general</c>, <c>senior</c> or <c>appeals</c>.</summary>
internal sealed class ReviewQueueJsonConverter() : WireNameJsonConverter<ReviewQueue>(ReviewQueues.Name, ReviewQueues.Parse, () => ReviewQueues.Names);

/// <summary>A <see cref="ReviewReason"/> by its wire name.</summary>
internal sealed class ReviewReasonJsonConverter() : WireNameJsonConverter<ReviewReason>(ReviewReasons.Name, ReviewReasons.Parse, () => ReviewReasons.Names);
