using System.Globalization;
using Aegis.Storage;

namespace Aegis.Server.Hosting;

/// <summary>Checks <see cref="ServerOptions"/>; each problem names the setting, as the user would write it.</summary>
public static class ServerOptionsValidator
{
    /// <summary>Most webhook deliveries a node runs at once: each holds a connection to the receiver and a claimed event.</summary>
    public const int MaxWebhookConcurrency = 256;

    /// <summary>Every problem, or none.</summary>
    public static IReadOnlyList<string> Validate(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Urls))
        {
            problems.Add("Urls (--urls, AEGIS_URLS) is empty; give e.g. http://127.0.0.1:8080.");
        }
        else
        {
            foreach (var url in options.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Uri.TryCreate(url.Replace("*", "0.0.0.0", StringComparison.Ordinal).Replace("+", "0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                {
                    problems.Add($"Urls (--urls, AEGIS_URLS): '{url}' is not an http:// or https:// URL.");
                }
            }
        }

        if (string.IsNullOrWhiteSpace(options.Postgres) && string.IsNullOrWhiteSpace(options.Data))
        {
            problems.Add("Data (--data, AEGIS_DATA) is empty and no Postgres connection string is set.");
        }

        Positive(problems, "MaxRequestBytes", options.MaxRequestBytes);
        Positive(problems, "MaxImagePixels", options.MaxImagePixels);
        if (options.MaxImagePixels > Hashing.Imaging.ImageLimits.MaxSupportedPixels)
        {
            problems.Add(Invariant($"MaxImagePixels (AEGIS_MAXIMAGEPIXELS) is at most {Hashing.Imaging.ImageLimits.MaxSupportedPixels}; got {options.MaxImagePixels}."));
        }

        if (options.MinDataBytesPerSecond < 0)
        {
            problems.Add(Invariant($"MinDataBytesPerSecond (AEGIS_MINDATABYTESPERSECOND) is 0 (off) or more; got {options.MinDataBytesPerSecond}."));
        }

        if (options.MinDataGraceSeconds is < 2 or > 3600)
        {
            problems.Add(Invariant($"MinDataGraceSeconds (AEGIS_MINDATAGRACESECONDS) is between 2 and 3600; got {options.MinDataGraceSeconds}."));
        }

        Positive(problems, "MaxVideoSeconds", options.MaxVideoSeconds);
        Positive(problems, "VideoTimeoutSeconds", options.VideoTimeoutSeconds);
        if (options.Decode.BudgetBytes != 0 && options.Decode.BudgetBytes < DecodeOptions.MinBudgetBytes)
        {
            problems.Add(Invariant($"Decode:BudgetBytes (AEGIS_DECODE__BUDGETBYTES) is 0 (a quarter of memory) or at least {DecodeOptions.MinBudgetBytes} (64 MiB); got {options.Decode.BudgetBytes}."));
        }

        if (options.Decode.WaitSeconds is < 0 or > 600)
        {
            problems.Add(Invariant($"Decode:WaitSeconds (AEGIS_DECODE__WAITSECONDS) is between 0 and 600; got {options.Decode.WaitSeconds}."));
        }

        if (options.FeedPollMilliseconds is < 10 or > 60_000)
        {
            problems.Add(Invariant($"FeedPollMilliseconds (AEGIS_FEEDPOLLMILLISECONDS) is between 10 and 60000; got {options.FeedPollMilliseconds}."));
        }

        if (options.FeedBatchMilliseconds is < 0 or > 1000)
        {
            problems.Add(Invariant($"FeedBatchMilliseconds (AEGIS_FEEDBATCHMILLISECONDS) is between 0 and 1000; got {options.FeedBatchMilliseconds}."));
        }

        if (options.RateLimit.RequestsPerSecond < 0)
        {
            problems.Add(Invariant($"RateLimit:RequestsPerSecond (AEGIS_RATELIMIT__REQUESTSPERSECOND) is 0 (off) or more; got {options.RateLimit.RequestsPerSecond}."));
        }

        if (options.RateLimit.RequestsPerSecond > 0 && options.RateLimit.Burst < 1)
        {
            problems.Add(Invariant($"RateLimit:Burst (AEGIS_RATELIMIT__BURST) is at least 1; got {options.RateLimit.Burst}."));
        }

        if (options.RateLimit.FailedAuthPerMinute < 0)
        {
            problems.Add(Invariant($"RateLimit:FailedAuthPerMinute (AEGIS_RATELIMIT__FAILEDAUTHPERMINUTE) is 0 (off) or more; got {options.RateLimit.FailedAuthPerMinute}."));
        }

        if (options.Hma.AnonymousRole is { } role && !(Enum.TryParse<ApiKeyRole>(role, ignoreCase: true, out var anonymous) && anonymous is ApiKeyRole.Platform or ApiKeyRole.Curator or ApiKeyRole.Admin))
        {
            problems.Add($"Hma:AnonymousRole (AEGIS_HMA__ANONYMOUSROLE) is platform, curator or admin; got '{role}'.");
        }

        if (options.Hma.FetchTimeoutSeconds is < 1 or > 3600)
        {
            problems.Add(Invariant($"Hma:FetchTimeoutSeconds (AEGIS_HMA__FETCHTIMEOUTSECONDS) is 1 to 3600; got {options.Hma.FetchTimeoutSeconds}."));
        }

        if (options.Hma.MaxConcurrentFetches is < 1 or > 1000)
        {
            problems.Add(Invariant($"Hma:MaxConcurrentFetches (AEGIS_HMA__MAXCONCURRENTFETCHES) is 1 to 1000; got {options.Hma.MaxConcurrentFetches}."));
        }

        foreach (var (name, minutes) in new[]
                 {
                     ("CriticalSlaMinutes", options.Cases.CriticalSlaMinutes), ("TrustedFlagSlaMinutes", options.Cases.TrustedFlagSlaMinutes), ("ChildSafetySlaMinutes", options.Cases.ChildSafetySlaMinutes),
                     ("HighSlaMinutes", options.Cases.HighSlaMinutes), ("NormalSlaMinutes", options.Cases.NormalSlaMinutes), ("ClaimMinutes", options.Cases.ClaimMinutes),
                 })
        {
            if (!double.IsFinite(minutes) || minutes <= 0)
            {
                problems.Add(Invariant($"Cases:{name} (AEGIS_CASES__{name.ToUpperInvariant()}) must be more than 0 minutes; got {minutes}."));
            }
        }

        if (options.Cases.RemoveCopiesWithinDistance is < 0 or > 63)
        {
            problems.Add(Invariant($"Cases:RemoveCopiesWithinDistance (AEGIS_CASES__REMOVECOPIESWITHINDISTANCE) is between 0 and 63; got {options.Cases.RemoveCopiesWithinDistance}."));
        }

        if (options.Webhooks.Url is { } hook && (!Uri.TryCreate(hook, UriKind.Absolute, out var hookUri) || hookUri.Scheme is not ("http" or "https")))
        {
            problems.Add($"Webhooks:Url (AEGIS_WEBHOOKS__URL) is not an http:// or https:// URL: '{hook}'.");
        }

        if (options.Webhooks.TimeoutSeconds is < 1 or > 300)
        {
            problems.Add(Invariant($"Webhooks:TimeoutSeconds (AEGIS_WEBHOOKS__TIMEOUTSECONDS) is 1 to 300; got {options.Webhooks.TimeoutSeconds}."));
        }

        if (options.Webhooks.Concurrency is < 1 or > MaxWebhookConcurrency)
        {
            problems.Add(Invariant($"Webhooks:Concurrency (AEGIS_WEBHOOKS__CONCURRENCY) is 1 to {MaxWebhookConcurrency}; got {options.Webhooks.Concurrency}."));
        }

        if (options.Webhooks.ItemsPerEvent is < 1 or > Core.Events.WebhookPagingOptions.MaxItemsPerEvent)
        {
            problems.Add(Invariant($"Webhooks:ItemsPerEvent (AEGIS_WEBHOOKS__ITEMSPEREVENT) is 1 to {Core.Events.WebhookPagingOptions.MaxItemsPerEvent}; got {options.Webhooks.ItemsPerEvent}."));
        }

        if (options.Webhooks.Url is not null && string.IsNullOrEmpty(options.Webhooks.Secret))
        {
            problems.Add("Webhooks:Secret (AEGIS_WEBHOOKS__SECRET) is required with Webhooks:Url: every webhook is signed with it.");
        }

        ContentIndexOptions.Validate(options.ContentIndex, problems);
        CyberTipOptionsValidator.Validate(options.CyberTip, problems);
        EvidenceOptionsValidator.Validate(options, problems);
        UserOptions.Validate(options.Users, problems);
        ConsoleOptions.Validate(options.Console, problems);
        ExchangeOptions.Validate(options.Exchanges, problems);
        FeedOptions.Validate(options.Feed, problems);
        ProtectOptions.Validate(options.Protect, problems);
        SignalOptions.Validate(options.Signals, problems);
        return problems;
    }

    private static void Positive(List<string> problems, string name, long value)
    {
        if (value < 1)
        {
            problems.Add(Invariant($"{name} (AEGIS_{name.ToUpperInvariant()}) must be at least 1; got {value}."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
