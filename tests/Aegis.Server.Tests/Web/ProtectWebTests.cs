using Aegis.Server.Hosting;
using Aegis.Server.Web;

namespace Aegis.Server.Tests.Web;

/// <summary>The protect page's templates filled with the operator's settings: encoded, and the help link only when set.</summary>
public sealed class ProtectWebTests
{
    private const string Template = "<h1>{{platform}}</h1><ul>{{help}}</ul><main data-max-files=\"{{max_files}}\" data-max-frames=\"{{max_frames}}\">";

    [Fact]
    public void The_platform_name_and_help_address_are_HTML_encoded_and_the_limits_written()
    {
        var options = new ProtectOptions { PlatformName = "Tom & Jerry's <Place>", HelpUrl = "https://example.org/help?a=1&b=\"2\"", MaxFiles = 7, MaxFramesPerVideo = 90 };

        var html = ProtectWeb.Fill(Template, options);

        Assert.Contains("<h1>Tom &amp; Jerry&#x27;s &lt;Place&gt;</h1>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://example.org/help?a=1&amp;b=&quot;2&quot;\" rel=\"noreferrer\"", html, StringComparison.Ordinal);
        Assert.Contains("data-max-files=\"7\" data-max-frames=\"90\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_help_address_there_is_no_help_link()
    {
        var html = ProtectWeb.Fill(Template, new ProtectOptions());

        Assert.Equal("<h1>this platform</h1><ul></ul><main data-max-files=\"20\" data-max-frames=\"1200\">", html);
    }
}
