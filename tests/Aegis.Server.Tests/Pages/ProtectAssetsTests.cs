using System.Reflection;
using Aegis.Server.Web;

namespace Aegis.Server.Tests.Pages;

/// <summary>
/// The in-browser hashing scripts (Pages/Assets/protect, issue 17) are embedded in the server as the console's assets are,
/// ready for the victim's page to serve; the modules import each other by relative path, so they work from one folder.
/// </summary>
public sealed class ProtectAssetsTests
{
    private static readonly Assembly Server = typeof(ConsoleWeb).Assembly;

    [Theory]
    [InlineData("protect/pdq.js", "export function pdqHash(")]
    [InlineData("protect/md5.js", "export class Md5")]
    [InlineData("protect/digests.js", "from \"./md5.js\"")]
    public void The_scripts_are_embedded_under_protect(string name, string expected)
    {
        // Given the server assembly
        // When the script is read from its resources
        using var stream = Server.GetManifestResourceStream(name);

        // Then it is there, whole
        Assert.NotNull(stream);
        using var reader = new StreamReader(stream);
        Assert.Contains(expected, reader.ReadToEnd(), StringComparison.Ordinal);
    }
}
