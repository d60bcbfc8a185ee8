using Aegis.Exchanges.Tests.Support;
using Aegis.Exchanges.ThreatExchange;

namespace Aegis.Exchanges.Tests.ThreatExchange;

/// <summary>The fb_threatexchange API's settings and credentials, as HMA has them, every refusal naming its field.</summary>
public sealed class ThreatExchangeSettingsTests
{
    private readonly ThreatExchangeApi _api = new();

    [Fact]
    public void The_schema_is_hmas()
    {
        Assert.Equal("fb_threatexchange", _api.Name);
        Assert.True(_api.SupportsFeedback);
        Assert.Equal(["privacy_group"], _api.Schema.Settings.Select(f => f.Name));
        Assert.Equal(["api_token"], _api.Schema.Credentials.Select(f => f.Name));
        // The four clients come first, in HMA's order (file and aegis follow, from their own branches)
        Assert.Equal(["ncmec", "stop_ncii", "tat", "fb_threatexchange"], ExchangeApis.BuiltIn.Select(a => a.Name).Take(4));
        Assert.All(ExchangeApis.BuiltIn, api => Assert.Same(api, ExchangeApis.Find(api.Name)));
    }

    [Theory]
    [InlineData("""{"privacy_group": 1012185296055235}""", null)]
    [InlineData("""{"privacy_group": "1012185296055235"}""", null)]
    [InlineData("""{}""", "'privacy_group' is required.")]
    [InlineData("""{"privacy_group": "group"}""", "'privacy_group' must be a whole number.")]
    [InlineData("""{"privacy_group": 1.5}""", "'privacy_group' must be a whole number.")]
    [InlineData("""{"privacy_group": -4}""", "'privacy_group' must be a ThreatPrivacyGroup id")]
    [InlineData("""{"privacy_group": 1, "signal_types": []}""", "'signal_types' is not a setting of the fb_threatexchange exchange API")]
    public void Settings_are_checked_field_by_field(string settings, string? problem)
    {
        var said = _api.Validate(Json.Object(settings), null);

        if (problem is null)
        {
            Assert.Null(said);
        }
        else
        {
            Assert.StartsWith(problem, said, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("""{"api_token": "1000000000000001|abcdefghijklmnopqrstuvwxyz"}""", null)]
    [InlineData("""{"api_token": "1000000000000001%7Cabcdefghijklmnopqrstuvwxyz"}""", null)]
    [InlineData("""{}""", "'api_token' is required.")]
    [InlineData("""{"api_token": "abcdefghijklmnopqrstuvwxyz"}""", "'api_token' must be a ThreatExchange app access token")]
    [InlineData("""{"api_token": "1000000000000001|short"}""", "'api_token' must be a ThreatExchange app access token")]
    [InlineData("""{"api_token": "1000000000000001|abcdefghijklmnopqrstuvwxyz&x=y"}""", "'api_token' must be a ThreatExchange app access token")]
    public void The_token_is_checked_and_never_echoed(string credentials, string? problem)
    {
        var said = _api.Validate(Json.Object("""{"privacy_group": 1}"""), Json.Object(credentials));

        if (problem is null)
        {
            Assert.Null(said);
            return;
        }

        Assert.StartsWith(problem, said, StringComparison.Ordinal);
        Assert.DoesNotContain("abcdefghij", said, StringComparison.Ordinal);
    }
}
