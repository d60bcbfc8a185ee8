using System.Net;
using Aegis.CyberTip.Submission;

namespace Aegis.CyberTip.Tests.Submission;

/// <summary>Real reports go to NCMEC's production service only when it is chosen explicitly.</summary>
public sealed class NcmecOptionsTests
{
    [Fact]
    public async Task By_default_the_client_talks_to_NCMECs_test_service()
    {
        // Given default options (credentials only) over a handler that records where requests go
        var handler = new RecordingHandler();
        using var http = new HttpClient(handler);
        var client = new NcmecClient(http, new NcmecOptions { Username = "esp", Password = "secret" });

        // When a call is made
        await client.StatusAsync(CancellationToken.None);

        // Then it went to the test service, with Basic credentials
        var request = Assert.Single(handler.Requests);
        Assert.Equal(new Uri("https://exttest.cybertip.org/ispws/status"), request.RequestUri);
        Assert.Equal("Basic", request.Headers.Authorization?.Scheme);
        Assert.Equal(NcmecOptions.TestUrl, client.BaseUrl);
    }

    [Fact]
    public async Task The_production_service_is_used_when_chosen()
    {
        var handler = new RecordingHandler();
        using var http = new HttpClient(handler);
        var client = new NcmecClient(http, new NcmecOptions { Environment = NcmecEnvironment.Production, Username = "esp", Password = "secret" });

        await client.StatusAsync(CancellationToken.None);

        Assert.Equal(new Uri("https://report.cybertip.org/ispws/status"), Assert.Single(handler.Requests).RequestUri);
    }

    [Fact]
    public void A_base_URL_cannot_reach_production_without_choosing_it()
    {
        var options = new NcmecOptions { BaseUrl = new Uri("https://REPORT.cybertip.org/ispws"), Username = "esp", Password = "secret" };

        var error = Assert.Single(options.Validate());

        Assert.StartsWith("BaseUrl is NCMEC's production service but Environment is Test", error, StringComparison.Ordinal);
        using var http = new HttpClient();
        var refused = Assert.Throws<ArgumentException>(() => new NcmecClient(http, options));
        Assert.DoesNotContain("secret", refused.Message, StringComparison.Ordinal);
        options.Environment = NcmecEnvironment.Production;
        Assert.Empty(options.Validate());
    }

    [Theory]
    [InlineData("http://exttest.cybertip.org/ispws", "BaseUrl must use https")]
    [InlineData("https://esp:pw@proxy.example/ispws", "BaseUrl cannot hold credentials")]
    [InlineData("ftp://proxy.example/ispws", "BaseUrl must be an absolute http(s) URL")]
    public void A_base_URL_must_be_https_without_credentials(string url, string error)
    {
        var options = new NcmecOptions { BaseUrl = new Uri(url), Username = "esp", Password = "secret" };

        Assert.StartsWith(error, Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Plain_http_is_allowed_on_loopback_only()
    {
        var options = new NcmecOptions { BaseUrl = new Uri("http://127.0.0.1:5000/ispws"), Username = "esp", Password = "secret" };

        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Missing_credentials_and_a_bad_timeout_are_named()
    {
        var errors = new NcmecOptions { Username = "a:b", Timeout = TimeSpan.Zero }.Validate();

        Assert.Equal(3, errors.Count);
        Assert.StartsWith("Username cannot contain ':'", errors[0], StringComparison.Ordinal);
        Assert.StartsWith("Password is required", errors[1], StringComparison.Ordinal);
        Assert.StartsWith("Timeout must be positive", errors[2], StringComparison.Ordinal);
    }

    /// <summary>Answers every request with NCMEC's success, recording it; nothing leaves the machine.</summary>
    private sealed class RecordingHandler : HttpMessageHandler
    {
        public List<HttpRequestMessage> Requests { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Requests.Add(request);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("<reportResponse><responseCode>0</responseCode><responseDescription /></reportResponse>"),
            });
        }
    }
}
