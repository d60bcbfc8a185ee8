using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aegis.Exchanges;

/// <summary>A client's checkpoint as JSON (snake_case, nulls left out): what it writes, and reads back on any node.</summary>
internal static class CheckpointJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
    };

    public static string Write<T>(T checkpoint) => JsonSerializer.Serialize(checkpoint, Options);

    /// <summary>The checkpoint, null for none; one this client did not write is <see cref="ExchangeError.CheckpointExpired"/>.</summary>
    public static T? Read<T>(string? text, string exchange)
        where T : class
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<T>(text, Options) ?? throw new JsonException("null");
        }
        catch (JsonException e)
        {
            throw new ExchangeException(
                ExchangeError.CheckpointExpired, $"The stored checkpoint is not one the {exchange} client writes; fetch again from the beginning.", e);
        }
    }
}
