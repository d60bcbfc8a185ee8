using System.Text.Json;
using System.Text.Json.Serialization;

namespace Aegis.Server.Api;

/// <summary>
/// The API's JSON: snake_case names, enums as lowercase snake_case strings, nulls left out; bodies with an unknown field
/// or a key given twice are refused (a 400 naming it), not read as the last one.
/// </summary>
internal static class Json
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
    }
}
