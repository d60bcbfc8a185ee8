using Aegis.Exchanges.Ncmec;
using Aegis.Exchanges.Tests.Support;
using Aegis.Fakes;

namespace Aegis.Exchanges.Tests.Ncmec;

/// <summary>The ncmec API's settings and credentials: as HMA has them, every refusal naming its field.</summary>
public sealed class NcmecSettingsTests
{
    private readonly NcmecHashSharingApi _api = new();

    [Fact]
    public void The_schema_is_hmas()
    {
        Assert.Equal("ncmec", _api.Name);
        Assert.True(_api.SupportsFeedback);
        Assert.Equal(["environment", "only_esp_ids"], _api.Schema.Settings.Select(f => f.Name));
        Assert.Equal(["user", "password"], _api.Schema.Credentials.Select(f => f.Name));
        Assert.Equal(NcmecEnvironments.All, _api.Schema.Settings[0].Choices);
        Assert.Same(ExchangeApis.Find("ncmec")?.GetType(), typeof(NcmecHashSharingApi));
    }

    [Theory]
    [InlineData("""{"environment": "https://report.cybertip.org/hashsharing"}""", null)]
    [InlineData("""{"environment": "https://report.cybertip.org/hashsharing/", "only_esp_ids": [1, 2]}""", null)]
    [InlineData("""{"environment": "https://hashsharing-test.ncmec.org/npo", "only_esp_ids": []}""", null)]
    [InlineData("""{}""", "'environment' is required.")]
    [InlineData("""{"environment": 3}""", "'environment' must be a string.")]
    [InlineData("""{"environment": "https://example.org/hashsharing"}""", "'environment' must be one of NCMEC's hash sharing URLs")]
    [InlineData("""{"environment": "https://report.cybertip.org/hashsharing", "only_esp_ids": "42"}""", "'only_esp_ids' must be a list of whole numbers.")]
    [InlineData("""{"environment": "https://report.cybertip.org/hashsharing", "only_esp_ids": [1, "x"]}""", "'only_esp_ids' must be a list of whole numbers; it holds \"x\".")]
    [InlineData("""{"environment": "https://report.cybertip.org/hashsharing", "only_esp_id": [1]}""", "'only_esp_id' is not a setting of the ncmec exchange API")]
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
    [InlineData("""{"user": "u", "password": "p"}""", null)]
    [InlineData("""{"user": "u"}""", "'password' is required.")]
    [InlineData("""{"user": "", "password": "p"}""", "'user' must not be empty.")]
    [InlineData("""{"user": "a:b", "password": "p"}""", "'user' must not contain ':'")]
    [InlineData("""{"user": "u", "password": "p", "token": "t"}""", "'token' is not a credential of the ncmec exchange API")]
    public void Credentials_are_checked_field_by_field_and_never_echoed(string credentials, string? problem)
    {
        var said = _api.Validate(Json.Object("""{"environment": "https://report.cybertip.org/hashsharing"}"""), Json.Object(credentials));

        if (problem is null)
        {
            Assert.Null(said);
            return;
        }

        Assert.StartsWith(problem, said, StringComparison.Ordinal);
        using var http = new HttpClient();
        var refused = Assert.Throws<ArgumentException>(() => _api.Create(Json.Object("""{"environment": "https://report.cybertip.org/hashsharing"}"""), Json.Object(credentials), http, new ManualClock(DateTimeOffset.UnixEpoch)));
        Assert.StartsWith(problem, refused.Message, StringComparison.Ordinal);
    }
}
