using System.Globalization;

namespace Aegis.Fuzz.Tests.Support;

/// <summary>
/// How long each fuzz target runs and which case to replay, from the environment:
/// <c>AEGIS_FUZZ_SECONDS</c> (seconds per target; default <see cref="DefaultSeconds"/>, so that every target together
/// takes about two minutes on two cores) and <c>AEGIS_FUZZ_SEED</c> (a seed a failure printed: that one case is run
/// again, alone, instead of a timed run).
/// </summary>
internal static class FuzzSettings
{
    /// <summary>Seconds per target when <c>AEGIS_FUZZ_SECONDS</c> is not set: 12 targets × 8 s plus start-up ≈ 2 minutes.</summary>
    public const int DefaultSeconds = 8;

    /// <summary>Seconds each target runs.</summary>
    public static int Seconds { get; } = ReadSeconds();

    /// <summary>The seed to replay, or null for a timed run.</summary>
    public static string? Seed { get; } =
        Environment.GetEnvironmentVariable("AEGIS_FUZZ_SEED") is { Length: > 0 } seed ? seed.Trim() : null;

    /// <summary>Where failing and hanging inputs are saved, whole, for replay and for a regression test.</summary>
    public static string FindingsDirectory { get; } =
        Environment.GetEnvironmentVariable("AEGIS_FUZZ_FINDINGS") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Path.GetTempPath(), "aegis-fuzz-findings");

    private static int ReadSeconds()
    {
        var text = Environment.GetEnvironmentVariable("AEGIS_FUZZ_SECONDS");
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultSeconds;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : throw new InvalidOperationException($"AEGIS_FUZZ_SECONDS must be a whole number of seconds above 0, got '{text}'.");
    }
}
