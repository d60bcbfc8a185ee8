using System.Text.Json.Nodes;
using Aegis.Exchanges.Tat;
using Aegis.Exchanges.Tests.Support;

namespace Aegis.Exchanges.Tests.Tat;

/// <summary>The tat API's credentials, as HMA has them, every refusal naming its field.</summary>
public sealed class TatSettingsTests
{
    private readonly TatApi _api = new();

    [Fact]
    public void The_schema_is_hmas()
    {
        Assert.Equal("tat", _api.Name);
        Assert.Empty(_api.Schema.Settings);
        Assert.Equal(["username", "password"], _api.Schema.Credentials.Select(f => f.Name));
        Assert.IsType<TatApi>(ExchangeApis.Find("tat"));
    }

    [Theory]
    [InlineData("""{"username": "u", "password": "p"}""", null)]
    [InlineData("""{"password": "p"}""", "'username' is required.")]
    [InlineData("""{"username": "u", "password": ""}""", "'password' must not be empty.")]
    [InlineData("""{"username": "u", "password": ["p"]}""", "'password' must be a string.")]
    [InlineData("""{"user": "u", "password": "p"}""", "'user' is not a credential of the tat exchange API")]
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
}
