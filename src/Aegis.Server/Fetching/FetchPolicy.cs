using Aegis.Server.Hosting;

namespace Aegis.Server.Fetching;

/// <summary>What one use of <see cref="UrlFetcher"/> allows, and the settings that say so (named in its errors).</summary>
/// <param name="Purpose">What the fetch is for, in the log ("an HMA ?url=", "evidence").</param>
/// <param name="Hosts">The allowed hosts, ',' between them (a name, <c>.example.com</c> for a domain and its subdomains, <c>*</c>); null: none.</param>
/// <param name="HostsSetting">The setting <paramref name="Hosts"/> comes from.</param>
/// <param name="TimeoutSeconds">One deadline for every redirect and the whole body.</param>
/// <param name="TimeoutSetting">The setting it comes from.</param>
/// <param name="MaxBytes">The most bytes a body may have.</param>
/// <param name="MaxConcurrent">Fetches at once on the node.</param>
/// <param name="ConcurrencySetting">The setting it comes from.</param>
/// <param name="AllowPrivateAddresses">True: loopback, private and link-local addresses may be fetched from.</param>
internal sealed record FetchPolicy(
    string Purpose, string? Hosts, string HostsSetting, int TimeoutSeconds, string TimeoutSetting, long MaxBytes, int MaxConcurrent,
    string ConcurrencySetting, bool AllowPrivateAddresses)
{
    /// <summary>HMA's <c>?url=</c>: the hosts the operator listed, wherever they resolve (as before the vault shared the fetcher).</summary>
    public static FetchPolicy Hma(ServerOptions options) => new(
        "an HMA ?url=", options.Hma.FetchHosts, "Hma:FetchHosts", options.Hma.FetchTimeoutSeconds, "Hma:FetchTimeoutSeconds",
        options.MaxRequestBytes, options.Hma.MaxConcurrentFetches, "Hma:MaxConcurrentFetches", AllowPrivateAddresses: true);

    /// <summary>The evidence vault's fetch of an item from the platform.</summary>
    public static FetchPolicy Evidence(ServerOptions options) => new(
        "evidence", options.Evidence.FetchHosts, "Evidence:FetchHosts", options.Evidence.FetchTimeoutSeconds, "Evidence:FetchTimeoutSeconds",
        options.Evidence.MaxBytes, options.Evidence.MaxConcurrentFetches, "Evidence:MaxConcurrentFetches", options.Evidence.FetchPrivateAddresses);
}
