using System.Net.Http.Headers;
using Aegis.Server.Hosting;
using Aegis.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Aegis.Server.Tests.Support;

/// <summary>A real <c>aegis serve</c> (Kestrel on a free loopback port) over a test database, started and ready.</summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RunningServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<RunningServer> StartAsync(StorageOptions storage, Action<ServerOptions>? configure = null)
    {
        var options = new ServerOptions
        {
            Urls = "http://127.0.0.1:0",
            Data = storage.DataDirectory ?? "unused",
            Postgres = storage.PostgresConnectionString,
            FeedPollMilliseconds = 100,
        };
        configure?.Invoke(options);
        var app = await AegisServer.CreateAsync(options);
        await app.StartAsync();
        var server = new RunningServer(app, new Uri(app.Urls.First()));
        using var client = server.Client(null);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await client.GetAsync("/readyz")).StatusCode != System.Net.HttpStatusCode.OK)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The server did not become ready in 30 s.");
            }

            await Task.Delay(50);
        }

        return server;
    }

    /// <summary>A client for this server, sending <paramref name="key"/> as a bearer token when given.</summary>
    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
