using System.Net;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests;

/// <summary>
/// The HTTP API over a real Kestrel server, on SQLite and on PostgreSQL (<see cref="SqliteServerTests"/>,
/// <see cref="PostgresServerTests"/>). The tests of a class share one server and database, so each makes its own banks,
/// content ids and pictures (an <see cref="Support.Images.Unrelated"/> seed no other test uses: a confirmed case bans its
/// picture's hashes and removes its copies).
/// </summary>
public abstract partial class ServerTests(ServerFixture fixture)
{
    protected ServerFixture Fixture => fixture;

    protected HttpClient Admin => fixture.Server.Client(fixture.Admin);

    protected HttpClient Platform => fixture.Server.Client(fixture.Platform);

    protected HttpClient Curator => fixture.Server.Client(fixture.Curator);

    protected static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    protected async Task<string> CreateBankAsync(string prefix, object? settings = null)
    {
        var name = NewName(prefix);
        var body = new JsonObject { ["name"] = name };
        if (settings is not null)
        {
            foreach (var (key, value) in JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(settings))!.AsObject())
            {
                body[key] = value?.DeepClone();
            }
        }

        await (await Curator.PostJsonAsync("/v1/banks", body)).JsonAsync(HttpStatusCode.Created);
        return name;
    }

    protected async Task<long> AddEntryAsync(string bank, string type, string value) =>
        (long)(await (await Curator.PostJsonAsync($"/v1/banks/{bank}/entries", new { signal_type = type, value })).JsonAsync(HttpStatusCode.Created))["id"]!;

    protected async Task<JsonNode> UploadAsync(byte[] bytes, string contentId, string? parent = null)
    {
        var query = $"/v1/media?content_id={Uri.EscapeDataString(contentId)}&uploader_id=acct-{contentId}&uploader_ip=203.0.113.9&uploaded_at=2026-11-25T10:00:00Z";
        if (parent is not null)
        {
            query += "&parent_content_id=" + Uri.EscapeDataString(parent);
        }

        return await (await Platform.PostBytesAsync(query, bytes)).JsonAsync(HttpStatusCode.OK);
    }

    protected static byte[] Bridge => File.ReadAllBytes(Support.Api.Image("bridge.jpg"));
}

[Collection("sqlite-server")]
public sealed class SqliteServerTests(SqliteServerFixture fixture) : ServerTests(fixture), IClassFixture<SqliteServerFixture>;

[Collection("postgres-server")]
public sealed class PostgresServerTests(PostgresServerFixture fixture) : ServerTests(fixture), IClassFixture<PostgresServerFixture>;
