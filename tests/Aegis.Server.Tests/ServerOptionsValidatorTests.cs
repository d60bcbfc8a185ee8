using Aegis.Server.Hosting;

namespace Aegis.Server.Tests;

public sealed class ServerOptionsValidatorTests
{
    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(ServerOptionsValidator.Validate(new ServerOptions()));

    [Fact]
    public void Each_bad_setting_is_named()
    {
        var options = new ServerOptions
        {
            Urls = "ftp://example",
            MaxRequestBytes = 0,
            MinDataBytesPerSecond = -1,
            MinDataGraceSeconds = 1,
            MaxImagePixels = 1_000_000_000,
            FeedPollMilliseconds = 5,
            RateLimit = new RateLimitOptions { RequestsPerSecond = -1, FailedAuthPerMinute = -1 },
            Hma = new HmaOptions { AnonymousRole = "root" },
            Cases = new CaseOptions { TrustedFlagSlaMinutes = 0, NormalSlaMinutes = double.NaN, RemoveCopiesWithinDistance = 64 },
            Webhooks = new WebhookOptions { TimeoutSeconds = 0 },
        };

        var problems = ServerOptionsValidator.Validate(options);

        Assert.Equal(13, problems.Count);
        foreach (var name in new[]
                 {
                     "Urls", "MaxRequestBytes", "MinDataBytesPerSecond", "MinDataGraceSeconds", "MaxImagePixels", "FeedPollMilliseconds",
                     "RateLimit:RequestsPerSecond", "RateLimit:FailedAuthPerMinute", "Hma:AnonymousRole",
                     "Cases:TrustedFlagSlaMinutes", "Cases:NormalSlaMinutes", "Cases:RemoveCopiesWithinDistance", "Webhooks:TimeoutSeconds",
                 })
        {
            Assert.Contains(problems, p => p.StartsWith(name, StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("PollSeconds", 0)]
    [InlineData("RequestTimeoutSeconds", 0)]
    [InlineData("LeaseSeconds", 9)]
    [InlineData("MaxPagesPerRun", 0)]
    [InlineData("Concurrency", 65)]
    [InlineData("InitialBackoffSeconds", 0)]
    [InlineData("MaxBackoffMinutes", 0)]
    [InlineData("UnauthorizedWaitMinutes", 0)]
    public void Each_exchange_setting_is_named_when_out_of_range(string name, int value)
    {
        var exchanges = new ExchangeOptions { RequestTimeoutSeconds = 4 };
        typeof(ExchangeOptions).GetProperty(name)!.SetValue(exchanges, value);

        var problems = ServerOptionsValidator.Validate(new ServerOptions { Exchanges = exchanges });

        Assert.Contains(problems, p => p.StartsWith($"Exchanges:{name} (AEGIS_EXCHANGES__{name.ToUpperInvariant()})", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("WindowMinutes", 0)]
    [InlineData("MinMatches", 0)]
    [InlineData("EntryShare", 0.0)]
    [InlineData("EntryShare", 1.5)]
    [InlineData("ExchangeFactor", 0.5)]
    [InlineData("ExchangeMinMatches", 0)]
    [InlineData("NewEntryHours", 0)]
    [InlineData("HistoryDays", 91)]
    public void Each_flood_guard_setting_is_named_when_out_of_range(string name, double value)
    {
        var flood = new ExchangeFloodOptions();
        var property = typeof(ExchangeFloodOptions).GetProperty(name)!;
        property.SetValue(flood, property.PropertyType == typeof(int) ? (object)(int)value : value);

        var problems = ServerOptionsValidator.Validate(new ServerOptions { Exchanges = new ExchangeOptions { Flood = flood } });

        Assert.Contains(problems, p => p.StartsWith($"Exchanges:Flood:{name} (AEGIS_EXCHANGES__FLOOD__{name.ToUpperInvariant()})", StringComparison.Ordinal));
        Assert.Empty(ServerOptionsValidator.Validate(new ServerOptions { Exchanges = new ExchangeOptions { Flood = new ExchangeFloodOptions() } }));
    }

    [Fact]
    public void An_exchange_lease_must_outlast_two_calls_and_the_file_root_must_be_a_folder()
    {
        var problems = ServerOptionsValidator.Validate(new ServerOptions
        {
            Exchanges = new ExchangeOptions { RequestTimeoutSeconds = 60, LeaseSeconds = 100, FileRoot = "relative/path" },
        });

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Exchanges:LeaseSeconds (AEGIS_EXCHANGES__LEASESECONDS) is at least twice", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Exchanges:FileRoot (AEGIS_EXCHANGES__FILEROOT)", StringComparison.Ordinal));
        Assert.Empty(ServerOptionsValidator.Validate(new ServerOptions { Exchanges = new ExchangeOptions { FileRoot = Path.GetTempPath() } }));
    }

    [Fact]
    public void The_HMA_fetch_settings_are_named_when_out_of_range()
    {
        var problems = ServerOptionsValidator.Validate(new ServerOptions { Hma = new HmaOptions { FetchTimeoutSeconds = 0, MaxConcurrentFetches = 0 } });

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Hma:FetchTimeoutSeconds (AEGIS_HMA__FETCHTIMEOUTSECONDS)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Hma:MaxConcurrentFetches (AEGIS_HMA__MAXCONCURRENTFETCHES)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0, 500, "Webhooks:Concurrency (AEGIS_WEBHOOKS__CONCURRENCY)")]
    [InlineData(257, 500, "Webhooks:Concurrency (AEGIS_WEBHOOKS__CONCURRENCY)")]
    [InlineData(8, 0, "Webhooks:ItemsPerEvent (AEGIS_WEBHOOKS__ITEMSPEREVENT)")]
    [InlineData(8, 10_001, "Webhooks:ItemsPerEvent (AEGIS_WEBHOOKS__ITEMSPEREVENT)")]
    public void The_webhook_concurrency_and_page_size_are_named_when_out_of_range(int concurrency, int itemsPerEvent, string named)
    {
        Assert.Empty(ServerOptionsValidator.Validate(new ServerOptions { Webhooks = new WebhookOptions { Concurrency = 256, ItemsPerEvent = 1 } }));
        Assert.Empty(ServerOptionsValidator.Validate(new ServerOptions { Webhooks = new WebhookOptions { Concurrency = 1, ItemsPerEvent = 10_000, PerItemEvents = true } }));

        var problem = Assert.Single(ServerOptionsValidator.Validate(new ServerOptions { Webhooks = new WebhookOptions { Concurrency = concurrency, ItemsPerEvent = itemsPerEvent } }));

        Assert.StartsWith(named, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_lockout_settings_are_named_when_out_of_range_and_make_the_lockout_rule()
    {
        var options = new ServerOptions { Users = new UserOptions { LockoutAttempts = 3, LockoutMinutes = 0.5 } };

        Assert.Empty(ServerOptionsValidator.Validate(options));
        Assert.Equal(new Core.Users.LockoutPolicy(3, TimeSpan.FromSeconds(30)), options.Users.Lockout);
        Assert.Equal(Core.Users.LockoutPolicy.Default, new ServerOptions().Users.Lockout);
        var problems = ServerOptionsValidator.Validate(new ServerOptions { Users = new UserOptions { LockoutAttempts = 0, LockoutMinutes = double.NaN } });
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Users:LockoutAttempts (AEGIS_USERS__LOCKOUTATTEMPTS)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Users:LockoutMinutes (AEGIS_USERS__LOCKOUTMINUTES)", StringComparison.Ordinal));
    }

    [Fact]
    public void The_console_settings_make_the_default_preview_and_are_named_when_out_of_range()
    {
        var defaults = new ServerOptions().Console;
        Assert.Equal((640, 32.0, true, true, 6), (defaults.PreviewMaxPixels, defaults.BlurSigma, defaults.Grayscale, defaults.Mute, defaults.FrameThumbnails));
        var options = AegisServer.LoadOptions(null, new Dictionary<string, string?> { ["Console:BlurSigma"] = "40", ["Console:Grayscale"] = "false", ["Console:PreviewMaxPixels"] = "800" });
        Assert.Empty(ServerOptionsValidator.Validate(options));
        Assert.Equal(new Hashing.Previews.PreviewOptions { MaxLongSide = 800, BlurSigma = 40, Grayscale = false }, options.Console.Preview);

        // Evidence is never shown unblurred by default: an organisation default blur of 0 (or a token one) is refused.
        var problems = ServerOptionsValidator.Validate(new ServerOptions { Console = new ConsoleOptions { PreviewMaxPixels = 32, BlurSigma = 0, FrameThumbnails = 0 } });
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Console:PreviewMaxPixels (AEGIS_CONSOLE__PREVIEWMAXPIXELS) is 64 to 4096; got 32", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Console:BlurSigma (AEGIS_CONSOLE__BLURSIGMA) is 8 to 200", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Console:FrameThumbnails (AEGIS_CONSOLE__FRAMETHUMBNAILS) is 1 to 24; got 0", StringComparison.Ordinal));
        Assert.Single(ServerOptionsValidator.Validate(new ServerOptions { Console = new ConsoleOptions { BlurSigma = double.NaN } }));
        Assert.Single(ServerOptionsValidator.Validate(new ServerOptions { Console = new ConsoleOptions { BlurSigma = 201, PreviewMaxPixels = 4096, FrameThumbnails = 24 } }));
    }

    [Fact]
    public void The_reveal_time_and_the_break_reminder_are_named_when_out_of_range()
    {
        var defaults = new ServerOptions().Console;
        Assert.Equal((5, 50), (defaults.RevealSeconds, defaults.BreakMinutes));
        Assert.Empty(ServerOptionsValidator.Validate(new ServerOptions { Console = new ConsoleOptions { RevealSeconds = 30, BreakMinutes = 0 } }));

        var problems = ServerOptionsValidator.Validate(new ServerOptions { Console = new ConsoleOptions { RevealSeconds = 0, BreakMinutes = 481 } });

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Console:RevealSeconds (AEGIS_CONSOLE__REVEALSECONDS) is 1 to 30; got 0", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Console:BreakMinutes (AEGIS_CONSOLE__BREAKMINUTES) is 0 (no reminder) to 480; got 481", StringComparison.Ordinal));
        Assert.Single(ServerOptionsValidator.Validate(new ServerOptions { Console = new ConsoleOptions { RevealSeconds = 31 } }));
    }

    [Fact]
    public void The_feed_batch_is_named_when_out_of_range()
    {
        Assert.Empty(ServerOptionsValidator.Validate(new ServerOptions { FeedBatchMilliseconds = 0 }));
        foreach (var bad in new[] { -1, 1001 })
        {
            var problem = Assert.Single(ServerOptionsValidator.Validate(new ServerOptions { FeedBatchMilliseconds = bad }));
            Assert.StartsWith("FeedBatchMilliseconds (AEGIS_FEEDBATCHMILLISECONDS)", problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Settings_come_from_environment_variables_and_the_command_line_wins()
    {
        Environment.SetEnvironmentVariable("AEGIS_MAXVIDEOSECONDS", "60");
        Environment.SetEnvironmentVariable("AEGIS_RATELIMIT__BURST", "7");
        Environment.SetEnvironmentVariable("AEGIS_URLS", "http://127.0.0.1:9999");
        try
        {
            var options = AegisServer.LoadOptions(null, new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:7777" });

            Assert.Equal((60, 7, "http://127.0.0.1:7777"), (options.MaxVideoSeconds, options.RateLimit.Burst, options.Urls));
        }
        finally
        {
            Environment.SetEnvironmentVariable("AEGIS_MAXVIDEOSECONDS", null);
            Environment.SetEnvironmentVariable("AEGIS_RATELIMIT__BURST", null);
            Environment.SetEnvironmentVariable("AEGIS_URLS", null);
        }
    }

    [Theory]
    [InlineData("MaxRequestBytes", "lots", "MaxRequestBytes: 'lots' is not a whole number.")]
    [InlineData("Webhooks:PerItemEvents", "maybe", "Webhooks:PerItemEvents: 'maybe' is not true or false.")]
    public void A_value_of_the_wrong_kind_is_refused_naming_the_setting_and_no_dotnet_type(string key, string value, string message)
    {
        var e = Assert.Throws<FormatException>(() => AegisServer.LoadOptions(null, new Dictionary<string, string?> { [key] = value }));

        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void A_settings_file_that_gives_a_key_twice_is_refused_naming_the_key()
    {
        var file = Path.Combine(Path.GetTempPath(), $"aegis-settings-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, """{"Webhooks": {"Url": "http://a.example", "Url": "http://b.example"}}""");
        try
        {
            var e = Assert.Throws<FormatException>(() => AegisServer.LoadOptions(file, new Dictionary<string, string?>()));

            Assert.Contains("Webhooks:Url", e.Message, StringComparison.Ordinal);
            Assert.Contains(file, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void The_decode_budget_is_sized_from_memory_unless_set_and_bad_values_are_named()
    {
        var auto = new DecodeOptions();
        var set = new DecodeOptions { BudgetBytes = 2_000_000_000 };
        var bad = new ServerOptions { Decode = new DecodeOptions { BudgetBytes = 1_000_000, WaitSeconds = -1 } };

        var problems = ServerOptionsValidator.Validate(bad);

        Assert.Equal(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4, auto.EffectiveBudgetBytes());
        Assert.Equal(2_000_000_000, set.EffectiveBudgetBytes());
        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Decode:BudgetBytes (AEGIS_DECODE__BUDGETBYTES)", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Decode:WaitSeconds (AEGIS_DECODE__WAITSECONDS)", StringComparison.Ordinal));
    }

    [Fact]
    public void Each_bad_CyberTip_setting_is_named_and_production_is_never_reached_by_accident()
    {
        var options = new ServerOptions
        {
            CyberTip = new CyberTipOptions
            {
                Environment = "Staging", TimeoutSeconds = 120, LeaseSeconds = 60, RetrySeconds = 0, PollMilliseconds = 1, AutoSubmit = true,
                Reporter = new CyberTipReporterOptions { Email = "not an email" },
            },
        };

        var problems = ServerOptionsValidator.Validate(options);

        foreach (var name in new[] { "CyberTip:Environment", "CyberTip:LeaseSeconds", "CyberTip:RetrySeconds", "CyberTip:PollMilliseconds", "CyberTip:Reporter:Email", "CyberTip:AutoSubmit" })
        {
            Assert.Contains(problems, p => p.StartsWith(name, StringComparison.Ordinal));
        }

        var production = new ServerOptions { CyberTip = new CyberTipOptions { BaseUrl = "https://report.cybertip.org/ispws", Username = "u", Password = "p", ContentUrl = "https://example.com/p/{content_id}" } };
        Assert.Contains(ServerOptionsValidator.Validate(production), p => p.Contains("Environment=Production", StringComparison.Ordinal));
        production.CyberTip.Environment = "Production";
        Assert.Empty(ServerOptionsValidator.Validate(production));
    }

    [Fact]
    public void The_evidence_settings_are_checked_and_postgres_needs_a_configured_key()
    {
        var options = new ServerOptions { Postgres = "Host=db" };
        Assert.Contains(ServerOptionsValidator.Validate(options), p => p.StartsWith("Evidence:Keys is required with Postgres", StringComparison.Ordinal));

        options.Evidence.Keys["k1"] = Convert.ToBase64String(new byte[32]);
        Assert.Empty(ServerOptionsValidator.Validate(options));

        options.Evidence.Keys["k2"] = Convert.ToBase64String(new byte[16]);
        options.Evidence.Keys["bad id"] = Convert.ToBase64String(new byte[32]);
        options.Evidence.RetentionDays = 364;
        options.Evidence.FetchUrl.Image = "https://media.example.com/items";
        options.Evidence.FetchAttempts = 0;
        var problems = ServerOptionsValidator.Validate(options);

        foreach (var name in new[] { "Evidence:Keys:k2", "Evidence:Keys: An evidence key id", "Evidence:CurrentKey", "Evidence:RetentionDays", "Evidence:FetchUrl:Image", "Evidence:FetchAttempts" })
        {
            Assert.Contains(problems, p => p.StartsWith(name, StringComparison.Ordinal));
        }

        Assert.Equal(6, problems.Count);
    }
}
