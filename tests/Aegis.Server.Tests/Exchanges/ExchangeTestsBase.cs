using System.Net;
using System.Text.Json.Nodes;
using Aegis.Exchanges;
using Aegis.Server.Hosting;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Tests.Exchanges;

/// <summary>
/// What the exchange tests share: a fresh database per test (a worker claims any due exchange of its database), servers on
/// it with the test-only <see cref="FeedApi"/> registered in their services, quick polls and a one-second first backoff.
/// </summary>
public abstract class ExchangeTestsBase : IAsyncLifetime
{
    private readonly List<RunningServer> _servers = [];

    protected TestDatabase Database { get; private set; } = null!;

    protected string Admin { get; private set; } = "";

    protected string Platform { get; private set; } = "";

    protected FakeFeed Feed { get; } = new();

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        Database = await CreateDatabaseAsync();
        await using var store = await BankStore.OpenAsync(Database.Options);
        var keys = new ApiKeyStore(store);
        Admin = (await keys.CreateAsync("admin", ApiKeyRole.Admin)).Secret;
        Platform = (await keys.CreateAsync("platform", ApiKeyRole.Platform)).Secret;
    }

    public virtual async Task DisposeAsync()
    {
        try
        {
            foreach (var server in _servers)
            {
                await server.DisposeAsync();
            }

            await Feed.DisposeAsync();
        }
        finally
        {
            await Database.DisposeAsync();
        }
    }

    /// <summary>A server on the test's database, fetching with quick polls; <paramref name="configure"/> changes more, <paramref name="services"/> registers more (an exchange API on a fake).</summary>
    protected async Task<RunningServer> StartServerAsync(Action<ServerOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var server = await RunningServer.StartAsync(
            Database.Options,
            options =>
            {
                options.Exchanges.PollSeconds = 1;
                options.Exchanges.InitialBackoffSeconds = 1;
                options.Exchanges.MaxBackoffMinutes = 1;
                options.Exchanges.RequestTimeoutSeconds = 10;
                options.Exchanges.LeaseSeconds = 30;
                configure?.Invoke(options);
            },
            services: collection =>
            {
                collection.AddSingleton<IExchangeApi, FeedApi>();
                services?.Invoke(collection);
            });
        _servers.Add(server);
        return server;
    }

    /// <summary>Creates <paramref name="bank"/> and a <c>test_feed</c> exchange over <see cref="Feed"/> filling it.</summary>
    protected async Task CreateFeedExchangeAsync(HttpClient admin, string name, string bank, object? credentials = null)
    {
        await (await admin.PostJsonAsync("/v1/banks", new { name = bank })).JsonAsync(HttpStatusCode.Created);
        var created = await (await admin.PostJsonAsync("/v1/exchanges", new { name, api = "test_feed", bank, settings = new { url = Feed.Address.ToString() }, credentials }))
            .JsonAsync(HttpStatusCode.Created);
        Assert.Equal(name, (string)created["name"]!);
    }

    /// <summary>The exchange as <c>GET /v1/exchanges/{name}</c> shows it.</summary>
    protected static async Task<JsonNode> ExchangeAsync(HttpClient client, string name) =>
        await (await client.GetAsync($"/v1/exchanges/{name}")).JsonAsync(HttpStatusCode.OK);

    /// <summary>Waits until the exchange's status satisfies <paramref name="done"/>; returns that status.</summary>
    protected static async Task<JsonNode> StatusUntilAsync(HttpClient client, string name, Func<JsonNode, bool> done, string what)
    {
        JsonNode status = new JsonObject();
        await Waits.UntilAsync(
            async () =>
            {
                status = (await ExchangeAsync(client, name))["status"]!;
                return done(status);
            },
            what,
            () => status.ToJsonString());
        return status;
    }

    /// <summary>The matches of <c>POST /v1/lookup</c> for a PDQ or MD5.</summary>
    protected static async Task<JsonArray> LookupAsync(HttpClient platform, string? pdq = null, string? md5 = null) =>
        (await (await platform.PostJsonAsync("/v1/lookup", new { pdq, md5 })).JsonAsync(HttpStatusCode.OK))["matches"]!.AsArray();

    protected static string Hex(int seed, int bytes = 32)
    {
        var random = new Random(seed);
        var buffer = new byte[bytes];
        random.NextBytes(buffer);
        return Convert.ToHexStringLower(buffer);
    }

    protected static (string, string) Pdq(int seed) => ("pdq", Hex(seed));

    protected static (string, string) Md5(int seed) => ("md5", Hex(seed, 16));

    protected static long Long(JsonNode node, string path) => path.Split('.').Aggregate(node, (n, p) => n[p]!).GetValue<long>();
}
