using System.Globalization;

namespace Aegis.Server.Hosting;

/// <summary>How every node fetches the hash exchanges (docs/operations.md, "Hash exchanges").</summary>
public sealed class ExchangeOptions
{
    /// <summary>How often, in seconds, a node looks for an exchange that is due.</summary>
    public int PollSeconds { get; set; } = 5;

    /// <summary>How long a node's claim on an exchange lasts unless renewed (each page renews it); a dead node's exchange moves after this.</summary>
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>The longest one call to an exchange may take, in seconds.</summary>
    public int RequestTimeoutSeconds { get; set; } = 60;

    /// <summary>Pages one claim applies before the exchange is given back (due again at once: another node may take it).</summary>
    public int MaxPagesPerRun { get; set; } = 100;

    /// <summary>Exchanges a node fetches at once.</summary>
    public int Concurrency { get; set; } = 2;

    /// <summary>The wait after a first failed run, in seconds; it doubles with each failure in a row.</summary>
    public int InitialBackoffSeconds { get; set; } = 30;

    /// <summary>The longest wait after failed runs, in minutes.</summary>
    public int MaxBackoffMinutes { get; set; } = 60;

    /// <summary>The wait after an exchange refused the credentials, in minutes (new credentials make it due at once).</summary>
    public int UnauthorizedWaitMinutes { get; set; } = 360;

    /// <summary>The folder the <c>file</c> API may read lists from; unset, it reads URLs only.</summary>
    public string? FileRoot { get; set; }

    /// <summary>The flood guard (<c>Exchanges:Flood:*</c>).</summary>
    public ExchangeFloodOptions Flood { get; set; } = new();

    /// <summary>The backoff these settings make.</summary>
    internal Core.Exchanges.ExchangeBackoff Backoff => new(
        TimeSpan.FromSeconds(InitialBackoffSeconds), TimeSpan.FromMinutes(MaxBackoffMinutes), TimeSpan.FromMinutes(UnauthorizedWaitMinutes));

    /// <summary>The client a worker calls the exchanges with: pooled connections renewed every 5 minutes, each call bounded by <see cref="RequestTimeoutSeconds"/>.</summary>
    internal HttpClient CreateHttpClient() => new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
    {
        Timeout = TimeSpan.FromSeconds(RequestTimeoutSeconds),
    };

    internal static void Validate(ExchangeOptions o, List<string> problems)
    {
        Range(problems, "PollSeconds", o.PollSeconds, 1, 3600);
        Range(problems, "RequestTimeoutSeconds", o.RequestTimeoutSeconds, 1, 600);
        Range(problems, "LeaseSeconds", o.LeaseSeconds, 10, 3600);
        if (o.LeaseSeconds < o.RequestTimeoutSeconds * 2)
        {
            problems.Add(Invariant($"Exchanges:LeaseSeconds (AEGIS_EXCHANGES__LEASESECONDS) is at least twice Exchanges:RequestTimeoutSeconds ({o.RequestTimeoutSeconds}): a page's fetch and its write must fit in the lease; got {o.LeaseSeconds}."));
        }

        Range(problems, "MaxPagesPerRun", o.MaxPagesPerRun, 1, 100_000);
        Range(problems, "Concurrency", o.Concurrency, 1, 64);
        Range(problems, "InitialBackoffSeconds", o.InitialBackoffSeconds, 1, 3600);
        Range(problems, "MaxBackoffMinutes", o.MaxBackoffMinutes, 1, 24 * 60);
        Range(problems, "UnauthorizedWaitMinutes", o.UnauthorizedWaitMinutes, 1, 7 * 24 * 60);
        if (o.InitialBackoffSeconds > o.MaxBackoffMinutes * 60)
        {
            problems.Add(Invariant($"Exchanges:InitialBackoffSeconds (AEGIS_EXCHANGES__INITIALBACKOFFSECONDS) is at most Exchanges:MaxBackoffMinutes; got {o.InitialBackoffSeconds} s and {o.MaxBackoffMinutes} min."));
        }

        ExchangeFloodOptions.Validate(o.Flood, problems);
        if (o.FileRoot is { } root && (string.IsNullOrWhiteSpace(root) || !Path.IsPathFullyQualified(root) || !Directory.Exists(root)))
        {
            problems.Add($"Exchanges:FileRoot (AEGIS_EXCHANGES__FILEROOT) is an absolute path of an existing folder; got '{root}'.");
        }
    }

    private static void Range(List<string> problems, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            problems.Add(Invariant($"Exchanges:{name} (AEGIS_EXCHANGES__{name.ToUpperInvariant()}) is {min} to {max}; got {value}."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
