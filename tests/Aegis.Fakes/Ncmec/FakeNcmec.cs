using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aegis.Fakes.Ncmec;

/// <summary>
/// A faithful fake of NCMEC's CyberTipline reporting API: a real Kestrel server on 127.0.0.1 (a free port) serving
/// <c>/ispws/status|submit|upload|fileinfo|finish|retract</c> as NCMEC documents them. It checks HTTP Basic credentials
/// (2000 when none, 3000 when wrong), validates every posted document against NCMEC's schema (4110 malformed, 4100
/// invalid), enforces the step order (5001 unknown or expired report, 5002 unknown file, 5101 retracted, 5102 finished)
/// and the expiry window on the given clock, answers <c>reportResponse</c>/<c>reportDoneResponse</c> XML with a
/// <c>Request-ID</c> header, records every report and request, and injects faults on demand (<see cref="Fail"/>).
/// Disposing it stops the server, hung requests included.
/// </summary>
public sealed class FakeNcmec : IAsyncDisposable
{
    /// <summary>An unfinished report is deleted this long after it was opened at the earliest.</summary>
    public static readonly TimeSpan OpenWindow = TimeSpan.FromHours(24);

    /// <summary>An unfinished report is deleted this long after its last change at the earliest.</summary>
    public static readonly TimeSpan IdleWindow = TimeSpan.FromHours(1);

    /// <summary>The largest request the fake reads (a test's files are small; NCMEC takes large videos).</summary>
    private const long MaxRequestBytes = 256L << 20;

    private readonly WebApplication _app;
    private readonly FakeNcmecApi _api;

    private FakeNcmec(WebApplication app, FakeNcmecApi api, Uri baseUrl)
    {
        _app = app;
        _api = api;
        BaseUrl = baseUrl;
    }

    /// <summary>The API's base URL, <c>http://127.0.0.1:{port}/ispws</c>: give it to the client as its BaseUrl.</summary>
    public Uri BaseUrl { get; }

    /// <summary>The username the fake accepts.</summary>
    public string Username => _api.Username;

    /// <summary>The password the fake accepts.</summary>
    public string Password => _api.Password;

    /// <summary>Every report submitted, in order, as they stand now (expiry applied on the fake's clock).</summary>
    public IReadOnlyList<FakeNcmecReport> Reports => _api.Reports();

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<FakeNcmecRequest> Requests => _api.Requests();

    /// <summary>Starts the fake on a free loopback port.</summary>
    /// <param name="time">The clock its expiry window runs on (the system clock when null).</param>
    /// <param name="username">The username it accepts.</param>
    /// <param name="password">The password it accepts.</param>
    public static async Task<FakeNcmec> StartAsync(TimeProvider? time = null, string username = "aegis-test", string password = "fake-ncmec-password")
    {
        var api = new FakeNcmecApi(time ?? TimeProvider.System, username, password, MaxRequestBytes);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            kestrel.Limits.MaxRequestBodySize = MaxRequestBytes;
        });
        var app = builder.Build();
        app.Run(api.HandleAsync);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new FakeNcmec(app, api, new Uri(address.TrimEnd('/') + "/ispws"));
    }

    /// <summary>The report with this id, as it stands now.</summary>
    public FakeNcmecReport Report(long reportId) =>
        Reports.FirstOrDefault(r => r.Id == reportId) ?? throw new InvalidOperationException($"The fake NCMEC holds no report {reportId}.");

    /// <summary>
    /// Makes the next <paramref name="times"/> requests to <paramref name="endpoint"/> ("status", "submit", "upload",
    /// "fileinfo", "finish", "retract") meet <paramref name="fault"/>, after the credentials are checked. Faults queue per
    /// endpoint in the order given.
    /// </summary>
    public void Fail(string endpoint, NcmecFault fault, int times = 1) => _api.Fail(endpoint, fault, times);

    /// <summary>Stops the server; a request hanging on a <see cref="NcmecFault.Timeout"/> is released first.</summary>
    public async ValueTask DisposeAsync()
    {
        await _api.StopAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
