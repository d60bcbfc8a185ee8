using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Aegis.Core.Cases;
using Aegis.Server.Api;
using Aegis.Server.Auth;
using Aegis.Server.Cases;
using Aegis.Server.CyberTip;
using Aegis.Server.Gate;
using Aegis.Server.Matching;
using Aegis.Server.Metrics;
using Aegis.Server.Webhooks;
using Aegis.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Hosting;

/// <summary>The wiring of <c>aegis serve</c>, one concern a method.</summary>
internal static class AegisServices
{
    /// <summary>The settings (validated by <see cref="AegisServer.CreateAsync(ServerOptions, TimeProvider?, CancellationToken)"/> before anything starts) and the HTTP options they set.</summary>
    public static IServiceCollection AddAegisOptions(this IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(options);
        services.Configure<JsonOptions>(json => Json.Configure(json.SerializerOptions));
        services.Configure<RouteHandlerOptions>(route => route.ThrowOnBadRequest = true);
        services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = options.MaxRequestBytes);
        return services;
    }

    /// <summary>The store and its parts, on one clock; the case rules from the settings.</summary>
    public static IServiceCollection AddAegisStore(this IServiceCollection services, BankStore store, TimeProvider time)
    {
        services.AddSingleton(time);
        services.AddSingleton(store);
        services.AddSingleton(new ApiKeyStore(store));
        services.AddSingleton(new ContentStore(store));
        services.AddSingleton(new ClusterStore(store));
        services.AddSingleton(sp => new CaseStore(store, Rules(sp.GetRequiredService<ServerOptions>())));
        services.AddSingleton(new CyberTipStore(store));
        services.AddSingleton(new OutboxStore(store));
        services.AddSingleton(new AuditLog(store));
        services.AddSingleton(new ExchangeStore(store));
        services.AddSingleton(new HashFeedStore(store));
        services.AddSingleton(new ProtectStore(store));
        services.AddSingleton(sp => new SignalStore(store, sp.GetRequiredService<CaseStore>()));
        return services;
    }

    /// <summary>The bank index, the content index, the gate and imports.</summary>
    public static IServiceCollection AddAegisMatching(this IServiceCollection services)
    {
        services.AddSingleton<ContentIndex>();
        services.AddSingleton<ClusterNodeIdentity>();
        services.AddSingleton<CopyFinder>();
        services.AddSingleton<AegisMetrics>();
        services.AddSingleton<MatcherHost>();
        services.AddHostedService(sp => sp.GetRequiredService<MatcherHost>());
        services.AddHostedService<PartitionLeaser>();
        services.AddSingleton<MediaHasher>();
        services.AddSingleton<MediaGate>();
        services.AddSingleton<ImportJobs>();
        return services;
    }

    /// <summary>The case workflow's service, the audit sealer and the SLA and cascade workers.</summary>
    public static IServiceCollection AddAegisCases(this IServiceCollection services)
    {
        services.AddSingleton<CaseService>();
        services.AddSingleton<ReportBatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<ReportBatcher>());
        services.AddSingleton<AuditSealer>();
        services.AddHostedService(sp => sp.GetRequiredService<AuditSealer>());
        services.AddHostedService<CaseWorkers>();
        services.AddSingleton(sp => NcmecConnection.Create(sp.GetRequiredService<ServerOptions>().CyberTip, new HttpClient { Timeout = Timeout.InfiniteTimeSpan }));
        services.AddSingleton<ICyberTipEvidence, VaultEvidence>();
        services.AddSingleton<CyberTipDocuments>();
        services.AddSingleton<CyberTipService>();
        services.AddSingleton<CyberTipSubmitter>();
        services.AddHostedService(sp => sp.GetRequiredService<CyberTipSubmitter>());
        return services;
    }

    /// <summary>The evidence vault: its keys, its store, the service, the console's previews, its fetcher and workers.</summary>
    public static IServiceCollection AddAegisEvidence(this IServiceCollection services, ServerOptions options, BankStore store, Aegis.CyberTip.Evidence.KeyRing keys)
    {
        services.AddSingleton(keys);
        services.AddSingleton(new EvidenceStore(store, options.Evidence.Folder, options.Evidence.RetentionDays));
        services.AddSingleton<Evidence.EvidenceVault>();
        services.AddSingleton<Evidence.EvidencePreviews>();
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<Fetching.UrlFetcher>(sp, Fetching.FetchPolicy.Evidence(options)));
        services.AddSingleton<Evidence.EvidenceWorkers>();
        services.AddHostedService(sp => sp.GetRequiredService<Evidence.EvidenceWorkers>());
        return services;
    }

    /// <summary>The hash exchanges: their APIs (built-in, and any registered before), the service the API and CLI share, the worker.</summary>
    public static IServiceCollection AddAegisExchanges(this IServiceCollection services)
    {
        services.AddSingleton<Exchanges.ExchangeRegistry>();
        services.AddSingleton(sp => new Exchanges.ExchangeService(
            sp.GetRequiredService<ExchangeStore>(), sp.GetRequiredService<Exchanges.ExchangeRegistry>(), sp.GetRequiredService<Aegis.CyberTip.Evidence.KeyRing>));
        services.AddSingleton<Exchanges.ExchangeWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<Exchanges.ExchangeWorker>());
        services.AddSingleton<Exchanges.ExchangeFeedbackWorker>();
        services.AddSingleton<Signals.SignalEngine>();
        services.AddSingleton<Signals.SignalService>();
        services.AddSingleton<Signals.ConversationEvidence>();
        services.AddHostedService<Signals.SignalWorker>();
        services.AddSingleton<Protect.ProtectLimiter>();
        services.AddSingleton(sp => new Protect.ProtectService(
            sp.GetRequiredService<ProtectStore>(), sp.GetRequiredService<CaseStore>(), sp.GetRequiredService<Cases.CaseService>(),
            sp.GetRequiredService<ContentStore>(), sp.GetRequiredService<Matching.CopyFinder>(), sp.GetRequiredService<Matching.MatcherHost>(),
            sp.GetRequiredService<ServerOptions>(), sp.GetRequiredService<Aegis.CyberTip.Evidence.KeyRing>));
        services.AddHostedService(sp => sp.GetRequiredService<Exchanges.ExchangeFeedbackWorker>());
        services.AddSingleton(sp => new Feed.FeedSigner(
            sp.GetRequiredService<HashFeedStore>(), sp.GetRequiredService<Aegis.CyberTip.Evidence.KeyRing>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    public static IServiceCollection AddAegisWebhooks(this IServiceCollection services)
    {
        services.AddSingleton<WebhookDelivery>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDelivery>());
        return services;
    }

    /// <summary>Authentication by API key (failures limited per client address), roles, the per-key rate limit and OpenAPI.</summary>
    public static IServiceCollection AddAegisApi(this IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton<ApiKeyCache>();
        services.AddSingleton<FailedAuthLimiter>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization(Roles.AddPolicies);
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                options.RateLimit.RequestsPerSecond == 0 || context.User.Identity?.IsAuthenticated != true
                    ? RateLimitPartition.GetNoLimiter("none")
                    : RateLimitPartition.GetTokenBucketLimiter(
                        context.User.FindFirstValue(ClaimTypes.Name)!, _ => RateLimits.Bucket(options.RateLimit.RequestsPerSecond, options.RateLimit.Burst)));
            limiter.OnRejected = (rejected, _) =>
            {
                if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                return new ValueTask(Problems.WriteAsync(
                    rejected.HttpContext,
                    StatusCodes.Status429TooManyRequests,
                    "Too many requests",
                    $"This API key is limited to {options.RateLimit.RequestsPerSecond} requests a second (RateLimit:RequestsPerSecond)."));
            };
        });
        services.AddOpenApi();
        return services;
    }

    /// <summary>The gauges /metrics shows of this node's indexes.</summary>
    public static WebApplication UseAegisGauges(this WebApplication app)
    {
        var host = app.Services.GetRequiredService<MatcherHost>();
        var contentIndex = app.Services.GetRequiredService<ContentIndex>();
        app.Services.GetRequiredService<AegisMetrics>().Gauges = () =>
        [
            ("aegis_index_pdq_entries", "PDQ hashes in the bank index.", host.Matcher?.PdqStats.Entries ?? 0),
            ("aegis_index_videos", "vPDQ videos in the bank index.", host.Matcher?.VideoCount ?? 0),
            ("aegis_bank_sequence", "The last bank change applied on this node.", host.Sequence),
            ("aegis_content_items", "Items in the content index partitions this node holds.", contentIndex.Items),
            ("aegis_content_partitions_held", "Content index partitions this node holds.", contentIndex.Held.Count),
            ("aegis_content_partitions_current", "Content index partitions this node holds that are loaded and caught up.", contentIndex.Held.Count(p => p.Current)),
        ];
        return app;
    }

    private static CaseRules Rules(ServerOptions options)
    {
        var o = options.Cases;
        var banks = (options.CyberTip.AutoSubmitBanks ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new CaseRules(
            new Core.Reports.SlaPolicy(
                TimeSpan.FromMinutes(o.CriticalSlaMinutes), TimeSpan.FromMinutes(o.TrustedFlagSlaMinutes), TimeSpan.FromMinutes(o.ChildSafetySlaMinutes),
                TimeSpan.FromMinutes(o.HighSlaMinutes), TimeSpan.FromMinutes(o.NormalSlaMinutes)),
            TimeSpan.FromMinutes(o.ClaimMinutes),
            new Core.Cascade.CascadeOptions(o.RemoveCopiesWithinDistance))
        {
            CyberTip = new Core.CyberTip.CyberTipPolicy(options.CyberTip.AutoSubmit, banks.ToHashSet(StringComparer.Ordinal)),
            ReshareExchangeHashes = options.Feed.Reshare,
            ProtectMaxHeld = options.Protect.MaxMatchesPerHash,
        };
    }
}
