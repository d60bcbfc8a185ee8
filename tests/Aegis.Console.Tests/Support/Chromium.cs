using Microsoft.Playwright;

namespace Aegis.Console.Tests.Support;

/// <summary>
/// Debian's chromium, driven by Playwright (its driver runs on the node inside the NuGet package): no browser is ever
/// downloaded. The executable is <c>AEGIS_TEST_CHROMIUM</c>, or <c>/usr/bin/chromium</c> (<c>apt-get install chromium</c>;
/// <c>test.sh</c> installs it). Headless; without the sandbox when the tests run as root (chromium refuses otherwise).
/// </summary>
public static class Chromium
{
    /// <summary>Where Debian puts it.</summary>
    public const string DefaultPath = "/usr/bin/chromium";

    /// <summary>The chromium the tests use.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("AEGIS_TEST_CHROMIUM") is { Length: > 0 } path ? path : DefaultPath;

    /// <summary>Starts Playwright's driver and a headless chromium.</summary>
    /// <exception cref="InvalidOperationException">There is no chromium at <see cref="ExecutablePath"/>; the message says how to get one.</exception>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var path = ExecutablePath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"No chromium at {path}: install Debian's (`apt-get install -y chromium`; ./test.sh does) or set AEGIS_TEST_CHROMIUM to a chromium executable.");
        }

        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = path,
                Headless = true,
                // As root chromium has no sandbox to run in; small containers' /dev/shm is too small for it.
                Args = Environment.IsPrivilegedProcess ? ["--no-sandbox", "--disable-dev-shm-usage"] : ["--disable-dev-shm-usage"],
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
