using System.Text.Json.Nodes;

namespace Aegis.Exchanges.Tests.Support;

internal static class Json
{
    public static JsonObject Object(string json) => JsonNode.Parse(json)!.AsObject();
}
