namespace Aegis.Server.Hosting;

/// <summary>
/// <c>aegis serve</c>'s settings, bound from (in rising precedence) an optional JSON file, <c>AEGIS_*</c> environment
/// variables (e.g. <c>AEGIS_MAXREQUESTBYTES</c>, <c>AEGIS_RATELIMIT__REQUESTSPERSECOND</c>) and the command line, and
/// checked before anything starts (<see cref="ServerOptionsValidator"/>).
/// </summary>
public sealed class ServerOptions
{
    /// <summary>Where to listen (Kestrel URLs, ';'-separated).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:8080";

    /// <summary>SQLite data directory (used when <see cref="Postgres"/> is not set).</summary>
    public string Data { get; set; } = Storage.StorageOptions.DefaultDataDirectory;

    /// <summary>PostgreSQL connection string; when set, the store is PostgreSQL.</summary>
    public string? Postgres { get; set; }

    /// <summary>Largest request body, in bytes (uploads, imports).</summary>
    public long MaxRequestBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>
    /// The slowest a request body may arrive, and a response be taken, in bytes a second averaged from the start (a
    /// slow-loris client holds a connection for nothing); 0 turns the check off. Kestrel's 240 B/s.
    /// </summary>
    public int MinDataBytesPerSecond { get; set; } = 240;

    /// <summary>
    /// Seconds before <see cref="MinDataBytesPerSecond"/> is first checked. Kestrel's 5 s cut off honest uploads when the
    /// server's cores were busy hashing (the time counts while the bytes wait to be read), hence 30.
    /// </summary>
    public int MinDataGraceSeconds { get; set; } = 30;

    /// <summary>Largest image, in pixels, that is decoded (checked from the header).</summary>
    public long MaxImagePixels { get; set; } = Hashing.Imaging.ImageLimits.DefaultMaxPixels;

    /// <summary>Longest video, in seconds, that is hashed.</summary>
    public int MaxVideoSeconds { get; set; } = 4 * 3600;

    /// <summary>A video still hashing after this many seconds is stopped (ffmpeg killed) and refused.</summary>
    public int VideoTimeoutSeconds { get; set; } = 600;

    /// <summary>The memory decoding may hold at once, and how long an upload waits for its share.</summary>
    public DecodeOptions Decode { get; set; } = new();

    /// <summary>How often, in milliseconds, the node reads the bank change feed and new content of other nodes.</summary>
    public int FeedPollMilliseconds { get; set; } = 200;

    /// <summary>After an upload on this node, how long, in milliseconds, the node waits for more before indexing them together.</summary>
    public int FeedBatchMilliseconds { get; set; } = 20;

    /// <summary>Per-key request rate limit.</summary>
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>The HMA-compatible endpoints.</summary>
    public HmaOptions Hma { get; set; } = new();

    /// <summary>Where the platform receives webhooks.</summary>
    public WebhookOptions Webhooks { get; set; } = new();

    /// <summary>Review SLAs and how far the takedown cascade goes unseen.</summary>
    public CaseOptions Cases { get; set; } = new();

    /// <summary>The content index's partitions, their leases, snapshots and copy lookups across nodes.</summary>
    public ContentIndexOptions ContentIndex { get; set; } = new();

    /// <summary>CyberTipline reports to NCMEC.</summary>
    public CyberTipOptions CyberTip { get; set; } = new();
    /// <summary>The evidence vault: keys, where ciphertexts go, retention, and the fetch of items from the platform.</summary>
    public EvidenceOptions Evidence { get; set; } = new();

    /// <summary>The review console's local users (lockout after failed sign-ins).</summary>
    public UserOptions Users { get; set; } = new();

    /// <summary>The review console's organisation defaults for showing evidence: preview size, blur, grey, mute, video strips.</summary>
    public ConsoleOptions Console { get; set; } = new();

    /// <summary>The hash exchanges' fetching: poll, lease, timeouts, backoff, the file API's folder.</summary>
    public ExchangeOptions Exchanges { get; set; } = new();

    /// <summary>The hash feed this platform publishes to other Aegis servers: on or off, its name, page size, re-sharing.</summary>
    public FeedOptions Feed { get; set; } = new();

    /// <summary>The page where a person protects themselves (<c>/protect</c>).</summary>
    public ProtectOptions Protect { get; set; } = new();

    /// <summary>The message signals (<c>POST /v1/messages</c>).</summary>
    public SignalOptions Signals { get; set; } = new();
}

/// <summary>Review SLAs by priority level (minutes; fractions allowed), and the cascade's distance for copies.</summary>
public sealed class CaseOptions
{
    /// <summary>The person shown reported it.</summary>
    public double CriticalSlaMinutes { get; set; } = 30;

    /// <summary>A trusted flagger (law enforcement, a hotline) flagged it.</summary>
    public double TrustedFlagSlaMinutes { get; set; } = 30;

    /// <summary>A child may be harmed.</summary>
    public double ChildSafetySlaMinutes { get; set; } = 60;

    /// <summary>Intimate imagery.</summary>
    public double HighSlaMinutes { get; set; } = 24 * 60;

    /// <summary>Everything else.</summary>
    public double NormalSlaMinutes { get; set; } = 72 * 60;

    /// <summary>How long a reviewer's claim on a case holds before another may take it.</summary>
    public double ClaimMinutes { get; set; } = 30;

    /// <summary>Copies at most this PDQ distance from a confirmed item are removed by the cascade; farther ones are held for review.</summary>
    public int RemoveCopiesWithinDistance { get; set; } = 16;
}

/// <summary>The platform's webhook receiver.</summary>
public sealed class WebhookOptions
{
    /// <summary>The receiver's URL; unset, events wait in the outbox until one is set.</summary>
    public string? Url { get; set; }

    /// <summary>The shared secret every webhook is signed with (HMAC-SHA256; required with <see cref="Url"/>).</summary>
    public string? Secret { get; set; }

    /// <summary>Longest wait between retries, in seconds (the wait doubles from one second).</summary>
    public int MaxBackoffSeconds { get; set; } = 300;

    /// <summary>How long a delivery may take, in seconds; a node holds an event it is delivering 5 s longer than this.</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Deliveries a node has under way at once (started in due order; they may arrive out of order).</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>Most items and accounts in one <c>case.actions</c> webhook (a case's fan-out, paged).</summary>
    public int ItemsPerEvent { get; set; } = Core.Events.WebhookPagingOptions.DefaultItemsPerEvent;

    /// <summary>True: a case's fan-out is told one webhook per action (<c>content.removed</c>, …) instead of <c>case.actions</c> pages.</summary>
    public bool PerItemEvents { get; set; }
}

/// <summary>Token bucket per API key, and one per client address for failed authentication.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Sustained requests per second per key; 0 turns the limit off.</summary>
    public int RequestsPerSecond { get; set; } = 10_000;

    /// <summary>Requests a key may make at once above the sustained rate.</summary>
    public int Burst { get; set; } = 20_000;

    /// <summary>
    /// Requests with a wrong key (or other wrong credentials) one client address may make a minute, all of them at once
    /// at most; past that its wrong keys get 429 (its valid keys still work); 0 turns the limit off.
    /// </summary>
    public int FailedAuthPerMinute { get; set; } = 30;
}

/// <summary>The drop-in for Meta's HMA (<c>/h</c>, <c>/m</c>, <c>/c</c>, <c>/status</c>).</summary>
public sealed class HmaOptions
{
    /// <summary>
    /// HMA has no authentication and tools built on it (ROOST's Coop) send none. Name a role here (platform, curator or
    /// admin) to let requests without a key use the HMA endpoints with that role; leave unset (the default) to require a
    /// key there as everywhere. Only for a sidecar reachable from the trusted network alone.
    /// </summary>
    public string? AnonymousRole { get; set; }

    /// <summary>
    /// The hosts whose media the HMA <c>?url=</c> parameters may fetch, ',' between them: a host name, <c>.example.com</c>
    /// for a domain and its subdomains, or <c>*</c> for any. Unset (the default), no URL is fetched: fetching on a
    /// caller's behalf lets a caller reach whatever the server can reach.
    /// </summary>
    public string? FetchHosts { get; set; }

    /// <summary>The longest a <c>?url=</c> fetch may take, in seconds: every redirect and the whole body (400 after).</summary>
    public int FetchTimeoutSeconds { get; set; } = 30;

    /// <summary>How many <c>?url=</c> fetches a node runs at once (each holds up to <see cref="ServerOptions.MaxRequestBytes"/>); more get 503.</summary>
    public int MaxConcurrentFetches { get; set; } = 4;
}
