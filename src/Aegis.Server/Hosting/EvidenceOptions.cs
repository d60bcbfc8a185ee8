namespace Aegis.Server.Hosting;

/// <summary>The evidence vault (docs/operations.md, "Evidence vault").</summary>
public sealed class EvidenceOptions
{
    /// <summary>
    /// Master keys by id (<c>Evidence:Keys:&lt;id&gt;</c> = base64 of 32 random bytes). None: with SQLite, a key is made at
    /// first start in the data folder (<c>evidence.key</c>, back it up); with PostgreSQL the server refuses to start.
    /// </summary>
    public Dictionary<string, string> Keys { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The key new items are wrapped under (required with more than one key).</summary>
    public string? CurrentKey { get; set; }

    /// <summary>A folder for the ciphertexts (a file per item); unset, they are kept in the database.</summary>
    public string? Folder { get; set; }

    /// <summary>Days a preserved item is kept at least (365 or more: 18 U.S.C. §2258A(h)).</summary>
    public int RetentionDays { get; set; } = Core.Evidence.EvidenceRetention.DefaultDays;

    /// <summary>The largest item the platform may upload or Aegis fetch, in bytes.</summary>
    public long MaxBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Where the platform serves an item, per kind; <c>{content_id}</c> (and <c>{case_id}</c>) are filled in, URL-escaped.</summary>
    public EvidenceFetchUrls FetchUrl { get; set; } = new();

    /// <summary>The hosts fetches may reach (as <see cref="HmaOptions.FetchHosts"/>); unset, nothing is fetched.</summary>
    public string? FetchHosts { get; set; }

    /// <summary>True: fetches may reach loopback, private and link-local addresses (a platform on the same network).</summary>
    public bool FetchPrivateAddresses { get; set; }

    /// <summary>The longest one fetch may take, in seconds: every redirect and the whole body.</summary>
    public int FetchTimeoutSeconds { get; set; } = 60;

    /// <summary>Fetches a node runs at once.</summary>
    public int MaxConcurrentFetches { get; set; } = 2;

    /// <summary>Fetches of an item before it is declared missing (the platform is told: <c>evidence.missing</c>).</summary>
    public int FetchAttempts { get; set; } = 6;

    /// <summary>The wait after a first failed fetch, in seconds; it doubles each time, up to an hour.</summary>
    public int FetchRetrySeconds { get; set; } = 30;

    /// <summary>How often, in minutes, a node deletes what has passed its retention (no hold standing).</summary>
    public double PurgeIntervalMinutes { get; set; } = 60;
}

/// <summary>URL templates of the platform's media, per item kind.</summary>
public sealed class EvidenceFetchUrls
{
    public string? Image { get; set; }

    public string? Video { get; set; }

    /// <summary>For a kind without its own template, and for items never seen by the gate (a report of an item that was not uploaded through it).</summary>
    public string? Default { get; set; }
}

/// <summary>The checks of <see cref="EvidenceOptions"/> (<see cref="ServerOptionsValidator"/> runs them).</summary>
internal static class EvidenceOptionsValidator
{
    public static void Validate(ServerOptions options, List<string> problems)
    {
        var e = options.Evidence;
        foreach (var (id, key) in e.Keys)
        {
            if (Aegis.CyberTip.Evidence.KeyRing.ValidateId(id) is { } bad)
            {
                problems.Add($"Evidence:Keys: {bad}");
                continue;
            }

            try
            {
                Aegis.CyberTip.Evidence.KeyRing.ParseKey(id, key);
            }
            catch (FormatException x)
            {
                problems.Add(x.Message);
            }
        }

        if (e.CurrentKey is { } current && !e.Keys.ContainsKey(current))
        {
            problems.Add($"Evidence:CurrentKey (AEGIS_EVIDENCE__CURRENTKEY) is '{current}', which is not among Evidence:Keys ({(e.Keys.Count == 0 ? "none set" : string.Join(", ", e.Keys.Keys))}).");
        }

        if (e.Keys.Count > 1 && e.CurrentKey is null)
        {
            problems.Add("Evidence:CurrentKey (AEGIS_EVIDENCE__CURRENTKEY) is required with more than one Evidence:Keys entry: name the key new items are wrapped under.");
        }

        if (!string.IsNullOrWhiteSpace(options.Postgres) && e.Keys.Count == 0)
        {
            problems.Add("Evidence:Keys is required with Postgres: every node must wrap evidence under the same master key (each would otherwise make its own). " +
                "Set AEGIS_EVIDENCE__KEYS__<id> to base64 of 32 random bytes (`openssl rand -base64 32`), the same on every node, and keep a copy outside the database.");
        }

        if (e.RetentionDays < Core.Evidence.EvidenceRetention.MinimumDays)
        {
            problems.Add($"Evidence:RetentionDays (AEGIS_EVIDENCE__RETENTIONDAYS) is at least {Core.Evidence.EvidenceRetention.MinimumDays} (18 U.S.C. §2258A(h): one year); got {e.RetentionDays}.");
        }

        if (e.MaxBytes is < 1 or > int.MaxValue - 64)
        {
            problems.Add($"Evidence:MaxBytes (AEGIS_EVIDENCE__MAXBYTES) is 1 to {int.MaxValue - 64}; got {e.MaxBytes}.");
        }

        if (e.Folder is { } folder && string.IsNullOrWhiteSpace(folder))
        {
            problems.Add("Evidence:Folder (AEGIS_EVIDENCE__FOLDER) is empty: give a folder, or leave it unset to keep ciphertexts in the database.");
        }

        foreach (var (kind, template) in new[] { ("Image", e.FetchUrl.Image), ("Video", e.FetchUrl.Video), ("Default", e.FetchUrl.Default) })
        {
            if (template is null)
            {
                continue;
            }

            var sample = template.Replace("{content_id}", "x", StringComparison.Ordinal).Replace("{case_id}", "1", StringComparison.Ordinal);
            if (!template.Contains("{content_id}", StringComparison.Ordinal) || !Uri.TryCreate(sample, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                problems.Add($"Evidence:FetchUrl:{kind} (AEGIS_EVIDENCE__FETCHURL__{kind.ToUpperInvariant()}) is an http:// or https:// URL holding {{content_id}}; got '{template}'.");
            }
        }

        Range(problems, "FetchTimeoutSeconds", e.FetchTimeoutSeconds, 1, 3600);
        Range(problems, "MaxConcurrentFetches", e.MaxConcurrentFetches, 1, 1000);
        Range(problems, "FetchAttempts", e.FetchAttempts, 1, 100);
        Range(problems, "FetchRetrySeconds", e.FetchRetrySeconds, 1, 3600);
        if (!double.IsFinite(e.PurgeIntervalMinutes) || e.PurgeIntervalMinutes is <= 0 or > 7 * 24 * 60)
        {
            problems.Add($"Evidence:PurgeIntervalMinutes (AEGIS_EVIDENCE__PURGEINTERVALMINUTES) is more than 0 and at most 10080 (a week); got {e.PurgeIntervalMinutes}.");
        }
    }

    private static void Range(List<string> problems, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            problems.Add($"Evidence:{name} (AEGIS_EVIDENCE__{name.ToUpperInvariant()}) is {min} to {max}; got {value}.");
        }
    }
}
