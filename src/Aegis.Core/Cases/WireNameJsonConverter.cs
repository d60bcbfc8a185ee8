using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aegis.Core.Cases;

/// <summary>
/// Writes an enum by its wire name and reads it back (any case); an unknown name is a JSON error listing the names. A
/// converter in the serializer's options (an API's enum policy) outranks one on a type, so properties that must keep
/// their wire names name these converters themselves.
/// </summary>
public abstract class WireNameJsonConverter<T>(Func<T, string> name, Func<string?, T?> parse, Func<string> names) : JsonConverter<T>
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
