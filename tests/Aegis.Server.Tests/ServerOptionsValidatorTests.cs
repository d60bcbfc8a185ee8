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
            MaxImagePixels = 1_000_000_000,
            FeedPollMilliseconds = 5,
            RateLimit = new RateLimitOptions { RequestsPerSecond = -1 },
            Hma = new HmaOptions { AnonymousRole = "root" },
            Cases = new CaseOptions { TrustedFlagSlaMinutes = 0, NormalSlaMinutes = double.NaN, RemoveCopiesWithinDistance = 64 },
            Webhooks = new WebhookOptions { TimeoutSeconds = 0 },
        };

        var problems = ServerOptionsValidator.Validate(options);

        Assert.Equal(10, problems.Count);
        foreach (var name in new[]
                 {
                     "Urls", "MaxRequestBytes", "MaxImagePixels", "FeedPollMilliseconds", "RateLimit:RequestsPerSecond", "Hma:AnonymousRole",
                     "Cases:TrustedFlagSlaMinutes", "Cases:NormalSlaMinutes", "Cases:RemoveCopiesWithinDistance", "Webhooks:TimeoutSeconds",
                 })
        {
            Assert.Contains(problems, p => p.StartsWith(name, StringComparison.Ordinal));
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
}
