using System.Text.Json.Nodes;
using Aegis.Exchanges.StopNcii;
using Aegis.Exchanges.Tests.Support;

namespace Aegis.Exchanges.Tests.StopNcii;

/// <summary>The stop_ncii API's credentials: as HMA has them plus the feedback key, every refusal naming its field.</summary>
public sealed class StopNciiSettingsTests
{
    private readonly StopNciiApi _api = new();

    [Fact]
    public void The_schema_is_hmas_plus_the_feedback_key()
    {
        Assert.Equal("stop_ncii", _api.Name);
        Assert.Empty(_api.Schema.Settings);
        Assert.Equal(["fetch_function_key", "subscription_key", "base_url_override", "feedback_function_key"], _api.Schema.Credentials.Select(f => f.Name));
        Assert.Equal([true, true, false, false], _api.Schema.Credentials.Select(f => f.Required));
        Assert.IsType<StopNciiApi>(ExchangeApis.Find("stop_ncii"));
    }

    [Theory]
    [InlineData("""{"fetch_function_key": "f", "subscription_key": "s"}""", null)]
    [InlineData("""{"fetch_function_key": "f", "subscription_key": "s", "base_url_override": "https://stopncii.test/v1", "feedback_function_key": "k"}""", null)]
    [InlineData("""{"fetch_function_key": "f", "subscription_key": "s", "base_url_override": ""}""", null)]
    [InlineData("""{"subscription_key": "s"}""", "'fetch_function_key' is required.")]
    [InlineData("""{"fetch_function_key": "f"}""", "'subscription_key' is required.")]
    [InlineData("""{"fetch_function_key": "f", "subscription_key": 5}""", "'subscription_key' must be a string.")]
    [InlineData("""{"fetch_function_key": "f", "subscription_key": "s", "base_url_override": "ftp://x"}""", "'base_url_override' must be an absolute http or https URL")]
    [InlineData("""{"fetch_function_key": "f", "subscription_key": "s", "base_url_override": "/v1"}""", "'base_url_override' must be an absolute http or https URL")]
    [InlineData("""{"fetch_function_key": "f", "subscription_key": "s", "submit_key": "x"}""", "'submit_key' is not a credential of the stop_ncii exchange API")]
    public void Credentials_are_checked_field_by_field(string credentials, string? problem)
    {
        var said = _api.Validate(new JsonObject(), Json.Object(credentials));

        if (problem is null)
        {
            Assert.Null(said);
        }
        else
        {
            Assert.StartsWith(problem, said, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void It_takes_no_settings()
    {
        Assert.StartsWith("'privacy_group' is not a setting of the stop_ncii exchange API (its settings: none)", _api.Validate(Json.Object("""{"privacy_group": 1}"""), null), StringComparison.Ordinal);
        Assert.Null(_api.Validate(new JsonObject(), null));
    }
}
