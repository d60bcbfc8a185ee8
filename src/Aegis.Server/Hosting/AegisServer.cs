using Aegis.Hashing.Memory;
using Aegis.Server.Api;
using Aegis.Server.Auth;
using Aegis.Server.Hma;
using Aegis.Server.Metrics;
using Aegis.Server.Web;
using Aegis.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aegis.Server.Hosting;

/// <summary>Builds <c>aegis serve</c>: Kestrel, the store, the matcher, authentication, limits and every endpoint.</summary>
public static partial class AegisServer
{
    /// <summary>
    /// The settings from configuration: an optional JSON file, then <c>AEGIS_*</c> environment variables, then
    /// <paramref name="overrides"/> (the command line). Not yet validated.
    /// </summary>
    /// <exception cref="FormatException">The file is not JSON or gives a key twice, or a value is not of its setting's kind; the message names the key.</exception>
    public static ServerOptions LoadOptions(string? configFile, IReadOnlyDictionary<string, string?> overrides)
    {
        var builder = new ConfigurationBuilder();
        if (configFile is not null)
        {
            builder.AddJsonFile(Path.GetFullPath(configFile), optional: false);
        }

        IConfigurationRoot configuration;
        try
        {
            configuration = builder.AddEnvironmentVariables("AEGIS_").AddInMemoryCollection(overrides).Build();
        }
        catch (InvalidDataException e)
        {
            // The file is not JSON, or gives a key twice: say which and why, as a bad setting.
            throw new FormatException($"{e.Message} {e.InnerException?.Message}".Trim(), e);
        }

        var options = new ServerOptions();
        try
        {
            configuration.Bind(options);
        }
        catch (InvalidOperationException e) when (WrongType().Match(e.Message) is { Success: true } wrong)
        {
            // "Failed to convert configuration value 'lots' at 'MaxRequestBytes' to type 'System.Int64'": said without the type.
            throw new FormatException($"{wrong.Groups["key"].Value}: '{wrong.Groups["value"].Value}' is not {Kind(wrong.Groups["type"].Value)}.", e);
        }

        return options;
    }

    /// <summary>What a setting of .NET type <paramref name="type"/> holds, in words.</summary>
    private static string Kind(string type) => type switch
    {
        "System.Int32" or "System.Int64" or "System.UInt32" or "System.UInt64" => "a whole number",
        "System.Double" or "System.Single" or "System.Decimal" => "a number",
        "System.Boolean" => "true or false",
        "System.TimeSpan" => "a duration (hh:mm:ss)",
        _ => "a value of the right kind (docs/operations.md)",
    };

    [System.Text.RegularExpressions.GeneratedRegex("^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']*)' to type '(?<type>[^']*)'")]
    private static partial System.Text.RegularExpressions.Regex WrongType();

    /// <summary>Opens the store (migrating it) and builds the application; call <c>RunAsync</c> on it.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="time">The clock of the store and every worker (<see cref="TimeProvider.System"/> when null).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad setting.</exception>
    public static Task<WebApplication> CreateAsync(ServerOptions options, TimeProvider? time = null, CancellationToken cancellationToken = default) =>
        CreateAsync(options, time, null, cancellationToken);

    /// <summary>Opens the store (migrating it) and builds the application, with services of the caller's added first.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="time">The clock of the store and every worker (<see cref="TimeProvider.System"/> when null).</param>
    /// <param name="services">Adds services before Aegis's own (tests register an exchange API of theirs, an <c>IExchangeApi</c>).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="ArgumentException">The options are not valid; the message names each bad setting.</exception>
    public static async Task<WebApplication> CreateAsync(ServerOptions options, TimeProvider? time, Action<IServiceCollection>? services, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (ServerOptionsValidator.Validate(options) is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, problems));
        }

        time ??= TimeProvider.System;
        NativeHeap.ReturnLargeBlocksAtOnce(); // a burst's decoding memory goes back to the system, not into malloc's heap
        var webhooks = new Core.Events.WebhookPagingOptions(options.Webhooks.ItemsPerEvent, options.Webhooks.PerItemEvents);
        var (keys, generatedKey) = Evidence.EvidenceKeys.Load(options, time);
        var store = await BankStore.OpenAsync(new StorageOptions(options.Data, options.Postgres) { Webhooks = webhooks }, time, cancellationToken);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        builder.WebHost.ConfigureKestrel(kestrel => Limit(kestrel.Limits, options));
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        // `aegis serve` says itself, in one line each, where it listens, that it stopped and why it could not start. The
        // host's errors are those start failures (with a stack trace) and a crashed worker's, which it also logs as critical.
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);

        // Data Protection's keys are kept in the store unencrypted, as the store's other secrets are (docs/operations.md, Users):
        // its warning saying so at each new key is not news to the operator.
        builder.Logging.AddFilter("Microsoft.AspNetCore.DataProtection.KeyManagement.XmlKeyManager", LogLevel.Error);
        services?.Invoke(builder.Services);
        builder.Services
            .AddAegisOptions(options)
            .AddAegisStore(store, time)
            .AddAegisMatching()
            .AddAegisCases()
            .AddAegisEvidence(options, store, keys)
            .AddAegisWebhooks()
            .AddAegisExchanges()
            .AddAegisApi(options)
            .AddAegisUsers(options, store)
            .AddAegisConsole(options, time);

        var app = builder.Build();
        try
        {
            _ = app.Services.GetRequiredService<Signals.SignalEngine>(); // loads the platform's model (Signals:Model): one that does not fit stops the start
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        if (generatedKey is not null)
        {
            LogGeneratedKey(app.Logger, generatedKey, keys.CurrentKeyId);
        }

        app.UseAegisGauges();
        app.UseRequestMetrics();
        app.UseAegisErrors();
        app.UseAegisConsole();
        app.UseHmaSlashes();
        app.UseRouting();
        app.UseHmaSlashRedirect();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.MapHealthApi();
        app.MapGateApi();
        app.MapContentApi();
        app.MapBanksApi();
        app.MapReportsApi();
        app.MapExposureApi();
        app.MapCasesApi();
        app.MapStatsApi();
        app.MapQueueApi();
        app.MapCyberTipApi();
        app.MapEvidenceApi();
        app.MapExchangesApi();
        app.MapFeedApi();
        app.MapProtectApi();
        app.MapMessagesApi();
        app.MapHmaApi();
        app.MapClusterApi();
        app.MapProtectPages();
        app.MapAegisConsole();
        app.MapOpenApi().RequireAuthorization(Roles.AnyKey);
        app.Lifetime.ApplicationStarted.Register(() => AdvertiseBound(app));
        return app;
    }

    /// <summary>The body size limit, and the slowest a body may come in or an answer be taken (both ways alike).</summary>
    private static void Limit(KestrelServerLimits limits, ServerOptions options)
    {
        limits.MaxRequestBodySize = options.MaxRequestBytes;
        var rate = options.MinDataBytesPerSecond == 0 ? null : new MinDataRate(options.MinDataBytesPerSecond, TimeSpan.FromSeconds(options.MinDataGraceSeconds));
        limits.MinRequestBodyDataRate = rate;
        limits.MinResponseDataRate = rate;
    }

    /// <summary>
    /// A node told to listen on port 0 learns its port only once bound: it then advertises that address to the other nodes
    /// (its next heartbeat writes it), unless an address was set or the host is a wildcard no other node could call.
    /// </summary>
    private static void AdvertiseBound(WebApplication app)
    {
        var node = app.Services.GetRequiredService<Matching.ClusterNodeIdentity>();
        var bound = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (node.Url is null && bound is not null && Uri.TryCreate(bound, UriKind.Absolute, out var uri) && uri.Port > 0
            && uri.Host is not ("0.0.0.0" or "[::]" or "::" or "*" or "+"))
        {
            node.Url = bound.TrimEnd('/');
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "No evidence key was configured: made one, {KeyId}, in {Path} (readable by this user only). BACK THIS KEY UP outside the data folder: without it no preserved evidence can be read. To use your own, set Evidence:Keys:<id> and Evidence:CurrentKey (docs/operations.md).")]
    private static partial void LogGeneratedKey(ILogger logger, string path, string keyId);
}
