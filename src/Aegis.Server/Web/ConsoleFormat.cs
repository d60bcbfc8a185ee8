using System.Globalization;

namespace Aegis.Server.Web;

/// <summary>How the console writes times, counts and sizes: one form everywhere (UTC, invariant culture).</summary>
internal static class ConsoleFormat
{
    /// <summary>"2026-12-04 10:30 UTC", or "—" for none.</summary>
    public static string Time(DateTimeOffset? at) =>
        at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : "—";

    /// <summary>"12,345".</summary>
    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"1.2 MB", "512 bytes", or "—".</summary>
    public static string Size(long? bytes) => bytes switch
    {
        null => "—",
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F1} KB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):F1} MB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):F1} GB"),
    };

    /// <summary>At most <paramref name="max"/> characters of <paramref name="text"/>, with "…" when cut.</summary>
    public static string Cut(string? text, int max) => text is null ? "" : text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}
