using System.Net.Http.Headers;
using System.Text;
using Aegis.Fuzz.Tests.Support;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using CsCheck;
using Xunit.Abstractions;

namespace Aegis.Fuzz.Tests;

/// <summary>
/// A short burst of mutated requests at an in-process server (Kestrel on loopback, SQLite): every JSON body the API
/// and the HMA drop-in read, a hash-list import, and image uploads to the gate. The answer is always a 2xx or a 4xx
/// whose body names no .NET type, never a 5xx or a dropped connection.
/// </summary>
public sealed class ServerFuzzTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>Requests in flight at once: enough to keep the server busy, few enough for a shared two-core machine.</summary>
    private const int Concurrency = 4;

    private static readonly Endpoint[] Endpoints =
    [
        new("POST", "/v1/banks", RequestBodies.CreateBank),
        new("PATCH", "/v1/banks/fuzz", RequestBodies.UpdateBank),
        new("POST", "/v1/banks/fuzz/entries", RequestBodies.AddEntry),
        new("POST", "/v1/banks/fuzz/entries", RequestBodies.AddVpdqEntry),
        new("PATCH", "/v1/banks/fuzz/entries/1", RequestBodies.UpdateEntry),
        new("POST", "/v1/lookup", RequestBodies.Lookup),
        new("POST", "/v1/reports", RequestBodies.Report),
        new("POST", "/v1/flags", RequestBodies.Report),
        new("POST", "/v1/cases/1/decisions", RequestBodies.Decision),
        new("POST", "/v1/contents/post-1/exposure", RequestBodies.Exposure),
        new("POST", "/v1/cases/1/appeal", RequestBodies.Appeal),
        new("POST", "/v1/cases/1/appeal/decision", RequestBodies.AppealDecision),
        new("POST", "/c/banks", RequestBodies.HmaCreateBank),
        new("PUT", "/c/bank/FUZZ", RequestBodies.HmaUpdateBank),
        new("POST", "/c/bank/FUZZ/signal", RequestBodies.HmaSignals),
        new("POST", "/m/compare", RequestBodies.HmaCompare),
    ];

    private TestDatabase? _database;
    private RunningServer? _server;
    private HttpClient? _client;

    public async Task InitializeAsync()
    {
        _database = TestDatabase.Sqlite();
        string admin;
        await using (var store = await BankStore.OpenAsync(_database.Options))
        {
            admin = (await new ApiKeyStore(store).CreateAsync("admin", ApiKeyRole.Admin)).Secret;
        }

        _server = await RunningServer.StartAsync(_database.Options);
        _client = _server.Client(admin);
        foreach (var (path, body) in new[]
                 {
                     ("/v1/banks", """{"name":"fuzz"}"""), ("/v1/banks/fuzz/entries", RequestBodies.AddEntry),
                     ("/c/banks", """{"name":"FUZZ"}"""), ("/v1/reports", RequestBodies.Report),
                 })
        {
            using var response = await _client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
        }
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public Task Mutated_json_bodies_get_a_2xx_or_a_4xx() =>
        Fuzzer.RunAsync(output, new AsyncFuzzTarget<(int Endpoint, byte[] Body)>
        {
            Name = "server-json",
            Gen = Gen.Int[0, Endpoints.Length - 1]
                .SelectMany(e => Mutation.Of([Encoding.UTF8.GetBytes(Endpoints[e].Body)], JsonModelFuzzTests.Tokens).Select(b => (e, b))),
            Body = input => SendAsync(Endpoints[input.Endpoint].Method, Endpoints[input.Endpoint].Path, input.Body, "application/json"),
            Serialize = input => input.Body,
            Describe = input => $"{Endpoints[input.Endpoint].Method} {Endpoints[input.Endpoint].Path}",
            Concurrency = Concurrency,
        });

    [Fact]
    public Task Mutated_uploads_and_imports_get_a_2xx_or_a_4xx() =>
        Fuzzer.RunAsync(output, new AsyncFuzzTarget<(bool Import, byte[] Body)>
        {
            Name = "server-uploads",
            Gen = Gen.Bool.SelectMany(import => Mutation.Of(import ? Seeds.HashLists : Seeds.Images).Select(b => (import, b))),
            Body = input => input.Import
                ? SendAsync("POST", "/v1/banks/fuzz/imports", input.Body, "text/plain")
                : SendAsync("POST", "/v1/media?content_id=upload-1&uploader_id=u-1", input.Body, "application/octet-stream"),
            Serialize = input => input.Body,
            Describe = input => input.Import ? "a hash-list import" : "an image upload",
            Concurrency = Concurrency,
        });

    private async Task SendAsync(string method, string path, byte[] body, string contentType)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = content };
        using var response = await _client!.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if ((int)response.StatusCode >= 500 || text.Contains("System.", StringComparison.Ordinal) || text.Contains("Exception", StringComparison.Ordinal))
        {
            throw new FuzzFindingException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        }
    }

    private sealed record Endpoint(string Method, string Path, string Body);
}
