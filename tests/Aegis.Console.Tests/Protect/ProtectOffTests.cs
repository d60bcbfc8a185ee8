using System.Net;

namespace Aegis.Console.Tests.Protect;

/// <summary>Issue 17: with <c>Protect:Enabled</c> false the page, the receipt page and their assets are not there.</summary>
public sealed class ProtectOffTests(ProtectOffServer server) : IClassFixture<ProtectOffServer>
{
    [Theory]
    [InlineData("/protect")]
    [InlineData("/protect/receipt")]
    [InlineData("/protect/assets/protect.js")]
    [InlineData("/protect/assets/pdq.js")]
    [InlineData("/protect/assets/protect.css")]
    public async Task Everything_of_the_page_is_404_while_it_is_off(string path)
    {
        using var client = new HttpClient { BaseAddress = server.Address };

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
