using Microsoft.Playwright;

namespace Aegis.Console.Tests.Support;

/// <summary>
/// Screenshots as test artifacts, in <c>artifacts/screenshots/</c> at the repository's root (ignored by git, like all of
/// <c>artifacts/</c>; the README's pictures are copies kept in <c>docs/screenshots/</c>). A run overwrites the last run's.
/// </summary>
public static class Screenshots
{
    /// <summary>The folder: <c>AEGIS_TEST_SCREENSHOTS</c>, or <c>artifacts/screenshots</c> under the repository's root.</summary>
    public static string Folder => Environment.GetEnvironmentVariable("AEGIS_TEST_SCREENSHOTS") is { Length: > 0 } folder
        ? Path.GetFullPath(folder)
        : Path.Combine(RepositoryRoot(), "artifacts", "screenshots");

    /// <summary>Saves the page as <c>{name}.png</c>; returns the file's path.</summary>
    /// <param name="page">The page.</param>
    /// <param name="name">A file name without extension: letters, digits, '-' and '_'.</param>
    /// <param name="fullPage">The whole page (true), or what its window shows.</param>
    public static async Task<string> SaveAsync(IPage page, string name, bool fullPage = true)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (string.IsNullOrEmpty(name) || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException($"A screenshot's name is letters, digits, '-' and '_'; got '{name}'.", nameof(name));
        }

        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }

    /// <summary>The folder holding <c>Aegis.slnx</c>, above the test's output folder.</summary>
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Aegis.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Aegis.slnx above {AppContext.BaseDirectory}: set AEGIS_TEST_SCREENSHOTS to a folder for the screenshots.");
    }
}
