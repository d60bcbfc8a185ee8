using System.Security.Claims;
using System.Threading.RateLimiting;
using Aegis.Server.Api;
using Aegis.Server.Auth;
using Aegis.Server.Gate;
using Aegis.Server.Hma;
using Aegis.Server.Matching;
using Aegis.Server.Metrics;
using Aegis.Server.Webhooks;
using Aegis.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.Hosting;

/// <summary>Builds <c>aegis serve</c>: Kestrel, the store, the matcher, authentication, limits and every endpoint.</summary>
public static class AegisServer
{
    /// <summary>
    /// The settings from configuration: an optional JSON file, then <c>AEGIS_*</c> environment variables, then
    /// <paramref name="overrides"/> (the command line). Not yet validated.
    /// </summary>
    public static ServerOptions LoadOptions(string? configFile, IReadOnlyDictionary<string, string?> overrides)
    {
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        var configuration = builder.AddEnvironmentVariables("AEGIS_").AddInMemoryCollection(overrides).Build();
        var options = new ServerOptions();
        configuration.Bind(options);
        return options;
    }

    /// <summary>Opens the store (migrating it) and builds the application; call <c>RunAsync</c> on it.</summary>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad setting.</exception>
    public static async Task<WebApplication> CreateAsync(ServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (ServerOptionsValidator.Validate(options) is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems));
        }

        var store = await BankStore.OpenAsync(new StorageOptions(options.Data, options.Postgres), TimeProvider.System, cancellationToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBytes);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(store);
        services.AddSingleton(new ApiKeyStore(store));
        services.AddSingleton(new ContentStore(store));
        services.AddSingleton(new CaseStore(
            store,
            new Core.Reports.SlaPolicy(
                TimeSpan.FromMinutes(options.Cases.CriticalSlaMinutes), TimeSpan.FromMinutes(options.Cases.TrustedFlagSlaMinutes),
                TimeSpan.FromMinutes(options.Cases.ChildSafetySlaMinutes),
                TimeSpan.FromMinutes(options.Cases.HighSlaMinutes), TimeSpan.FromMinutes(options.Cases.NormalSlaMinutes)),
            new Core.Cascade.CascadeOptions(options.Cases.RemoveCopiesWithinDistance)));
        services.AddSingleton(new OutboxStore(store));
        services.AddSingleton(new AuditLog(store));
        services.AddSingleton<WebhookDelivery>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDelivery>());
        services.AddHostedService<Cases.SlaWatcher>();
        services.AddHostedService<Cases.CascadeWorker>();
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<ContentIndex>();
        services.AddSingleton<AegisMetrics>();
        services.AddSingleton<MatcherHost>();
        services.AddHostedService(sp => sp.GetRequiredService<MatcherHost>());
        services.AddSingleton<MediaHasher>();
        services.AddSingleton<MediaGate>();
        services.AddSingleton<ImportJobs>();
        services.Configure<JsonOptions>(json => Json.Configure(json.SerializerOptions));
        services.Configure<RouteHandlerOptions>(route => route.ThrowOnBadRequest = true);
        services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = options.MaxRequestBytes);
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(Roles.AddPolicies);
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                options.RateLimit.RequestsPerSecond == 0 || context.User.Identity?.IsAuthenticated != true
                    ? RateLimitPartition.GetNoLimiter("none")
                    : RateLimitPartition.GetTokenBucketLimiter(context.User.FindFirstValue(ClaimTypes.Name)!, _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = options.RateLimit.Burst,
                        TokensPerPeriod = Math.Max(1, options.RateLimit.RequestsPerSecond / 10),
                        ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    }));
            limiter.OnRejected = (rejected, _) => new ValueTask(Problems.WriteAsync(
                rejected.HttpContext,
                StatusCodes.Status429TooManyRequests,
                "Too many requests",
                $"This API key is limited to {options.RateLimit.RequestsPerSecond} requests a second (RateLimit:RequestsPerSecond)."));
        });
        services.AddOpenApi();

        var app = builder.Build();
        var host = app.Services.GetRequiredService<MatcherHost>();
        var contentIndex = app.Services.GetRequiredService<ContentIndex>();
        app.Services.GetRequiredService<AegisMetrics>().Gauges = () =>
        [
            ("aegis_index_pdq_entries", "PDQ hashes in the bank index.", host.Matcher?.PdqStats.Entries ?? 0),
            ("aegis_index_videos", "vPDQ videos in the bank index.", host.Matcher?.VideoCount ?? 0),
            ("aegis_bank_sequence", "The last bank change applied on this node.", host.Sequence),
            ("aegis_content_items", "Items in the in-memory content index.", contentIndex.Items),
        ];
        app.UseAegisErrors();
        app.UseRouting();
        app.UseRequestMetrics();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapHealthApi();
        app.MapGateApi();
        app.MapContentApi();
        app.MapBanksApi();
        app.MapCasesApi();
        app.MapHmaApi();
        app.MapOpenApi().RequireAuthorization(Roles.AnyKey);
        return app;
    }
}
