using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Aegis.Server.Tests.Support;

/// <summary>Small helpers for JSON over HTTP.</summary>
internal static class Api
{
    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string path, object body) =>
        client.PostAsync(path, JsonContent.Create(body, options: new JsonSerializerOptions(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));

    public static Task<HttpResponseMessage> PostBytesAsync(this HttpClient client, string path, byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        return client.PostAsync(path, content);
    }

    public static string Image(string name) => Path.Combine(AppContext.BaseDirectory, "data", "images", name);

    public static string Chair => Path.Combine(AppContext.BaseDirectory, "data", "video", "chair-19-sd-bar.mp4");
}
