using System.Net;
using System.Net.Http.Headers;
using Aegis.Server.Hosting;
using Aegis.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Aegis.Server.Tests.Support;

/// <summary>
/// A real <c>aegis serve</c> (Kestrel on a free loopback port) over a test database, started and ready. One that does not
/// become ready is stopped and disposed before the start fails.
/// </summary>
public sealed class RunningServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _disposed;

    private RunningServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<RunningServer> StartAsync(
        StorageOptions storage, Action<ServerOptions>? configure = null, TimeProvider? time = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var options = new ServerOptions
        {
            Urls = "http://127.0.0.1:0",
            Data = storage.DataDirectory ?? "unused",
            Postgres = storage.PostgresConnectionString,
            FeedPollMilliseconds = 100,

            // The tests send many wrong keys from one address on purpose (every endpoint with a revoked key); the
            // tests of this limit set it themselves.
            RateLimit = new RateLimitOptions { FailedAuthPerMinute = 0 },
        };
        if (storage.UsesPostgres)
        {
            options.Evidence.Keys[TestKeys.EvidenceKeyId] = TestKeys.EvidenceKey; // PostgreSQL nodes share a configured key
        }

        configure?.Invoke(options);
        var app = await AegisServer.CreateAsync(options, time, services);
        try
        {
            await app.StartAsync();
            var address = new Uri(app.Urls.First());
            using var client = new HttpClient { BaseAddress = address, Timeout = Waits.HangGuard };
            var answer = "";
            await Waits.UntilAsync(
                async () =>
                {
                    using var response = await client.GetAsync("/readyz");
                    answer = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                    return response.StatusCode == HttpStatusCode.OK;
                },
                $"the server on {address} to become ready",
                seen: () => $"/readyz answered {answer}");
            return new RunningServer(app, address);
        }
        catch
        {
            await StopAsync(app);
            throw;
        }
    }

    /// <summary>A client for this server, sending <paramref name="key"/> as a bearer token when given.</summary>
    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = Waits.HangGuard };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    /// <summary>Stops and disposes the server; disposing twice does nothing more.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await StopAsync(_app);
        }
    }

    private static async Task StopAsync(WebApplication app)
    {
        try
        {
            await app.StopAsync();
        }
        finally
        {
            await app.DisposeAsync();
        }
    }
}
