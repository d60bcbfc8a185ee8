using System.Net;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;

namespace Aegis.Console.Tests.Support;

/// <summary>
/// A platform in front of the server, through the public API with its keys, as a real one calls it: uploads through the
/// gate (the bytes also served from its media server, where the evidence vault fetches reported items), view and share
/// counts, its users' reports and a trusted flagger's flags; an admin key to see what the vault holds.
/// </summary>
public sealed class Platform(ServerProcess server, FakePlatformMedia media, string platformKey, string flaggerKey, string adminKey) : IDisposable
{
    private readonly HttpClient _platform = server.Client(platformKey);
    private readonly HttpClient _flagger = server.Client(flaggerKey);
    private readonly HttpClient _admin = server.Client(adminKey);

    /// <summary>The bytes the platform serves for each item it uploaded.</summary>
    public FakePlatformMedia Media => media;

    /// <summary>The admin's API client (the audit of a test's own, evidence holds).</summary>
    public HttpClient Admin => _admin;

    /// <summary>An upload through the gate (<c>POST /v1/media</c>); a reshare names its parent. Returns the gate's answer.</summary>
    public async Task<JsonNode> UploadAsync(string contentId, string uploader, byte[] bytes, string? parent = null)
    {
        media.Items[contentId] = (bytes, "image/jpeg");
        var query = $"content_id={Uri.EscapeDataString(contentId)}&uploader_id={Uri.EscapeDataString(uploader)}"
            + (parent is null ? "" : $"&parent_content_id={Uri.EscapeDataString(parent)}");
        using var response = await _platform.PostBytesAsync($"/v1/media?{query}", bytes);
        return await response.JsonAsync(HttpStatusCode.OK);
    }

    /// <summary>The item's views and shares so far (<c>POST /v1/contents/{id}/exposure</c>).</summary>
    public async Task ExposureAsync(string contentId, long views, long shares)
    {
        using var response = await _platform.PostJsonAsync($"/v1/contents/{Uri.EscapeDataString(contentId)}/exposure", new { views, shares });
        Assert.True(response.StatusCode == HttpStatusCode.NoContent, $"exposure of {contentId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>A user's report (anonymous without <paramref name="reporter"/>); returns the case it opened or joined.</summary>
    public Task<long> ReportAsync(string contentId, string category, string? reporter, string text, bool subject = false, bool? minor = null) =>
        IntakeAsync(_platform, "/v1/reports", new
        {
            content_ids = new[] { contentId }, category, reporter_id = reporter, text, reporter_is_subject = subject, subject_was_minor = minor,
        });

    /// <summary>A trusted flagger's flag (<c>POST /v1/flags</c>, the flagger's own key); returns its case.</summary>
    public Task<long> FlagAsync(string contentId, string category, string text) =>
        IntakeAsync(_flagger, "/v1/flags", new { content_ids = new[] { contentId }, category, text });

    /// <summary>The uploader appeals a confirmed case (<c>POST /v1/cases/{id}/appeal</c>).</summary>
    public async Task AppealAsync(long caseId, string account, string text)
    {
        using var response = await _platform.PostJsonAsync($"/v1/cases/{caseId}/appeal", new { account_id = account, text });
        await response.JsonAsync(HttpStatusCode.OK);
    }

    /// <summary>Waits until the vault holds every item of these cases (fetched from the platform after each report).</summary>
    public Task PreservedAsync(IEnumerable<long> cases)
    {
        var waiting = cases.Distinct().ToList();
        var states = "";
        return Waits.UntilAsync(
            async () =>
            {
                var left = new List<string>();
                foreach (var id in waiting)
                {
                    using var response = await _admin.GetAsync($"/v1/cases/{id}/evidence");
                    var items = (await response.JsonAsync(HttpStatusCode.OK))["items"]!.AsArray();
                    left.AddRange(items.Where(i => (string)i!["state"]! != "preserved").Select(i => $"case {id}: {i!["content_id"]} {i["state"]}"));
                    if (items.Count == 0)
                    {
                        left.Add($"case {id}: no evidence row");
                    }
                }

                states = string.Join(", ", left);
                return left.Count == 0;
            },
            "the vault to preserve every reported item",
            () => states);
    }

    public void Dispose()
    {
        _platform.Dispose();
        _flagger.Dispose();
        _admin.Dispose();
    }

    private static async Task<long> IntakeAsync(HttpClient client, string path, object body)
    {
        using var response = await client.PostJsonAsync(path, body);
        var results = (await response.JsonAsync(HttpStatusCode.Created)).AsArray();
        return (long)Assert.Single(results)!["case_id"]!;
    }
}
