using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests;

/// <summary>
/// docs/api.md is generated from the server's OpenAPI document (GET /openapi/v1.json), and this test keeps it so: it
/// fails when the API changed and the page did not. To regenerate: AEGIS_UPDATE_DOCS=1 dotnet test tests/Aegis.Server.Tests
/// --filter ApiReference.
/// </summary>
public sealed class ApiReferenceTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    [Fact]
    public async Task The_api_reference_page_matches_the_openapi_document()
    {
        using var client = fixture.Server.Client(fixture.Admin);
        var response = await client.GetAsync("/openapi/v1.json");
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        document.AsObject().Remove("servers"); // the test server's random port

        var page = ApiReference.Render(document);
        var root = RepositoryRoot();
        var path = Path.Combine(root, "docs", "api.md");
        var jsonPath = Path.Combine(root, "docs", "openapi.json");
        var json = document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n";
        if (Environment.GetEnvironmentVariable("AEGIS_UPDATE_DOCS") == "1")
        {
            await File.WriteAllTextAsync(path, page);
            await File.WriteAllTextAsync(jsonPath, json);
        }

        Assert.True(File.Exists(path), "docs/api.md is missing; regenerate it (see this test's summary).");
        Assert.True(
            (await File.ReadAllTextAsync(path)).ReplaceLineEndings("\n") == page && (await File.ReadAllTextAsync(jsonPath)).ReplaceLineEndings("\n") == json,
            "docs/api.md or docs/openapi.json is out of date with the API: run AEGIS_UPDATE_DOCS=1 dotnet test tests/Aegis.Server.Tests --filter ApiReference");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aegis.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Aegis.slnx not found above the test binaries.");
    }
}
