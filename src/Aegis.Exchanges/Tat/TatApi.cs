using System.Text.Json.Nodes;

namespace Aegis.Exchanges.Tat;

/// <summary>
/// Tech Against Terrorism's hash list (<c>tat</c>, as HMA names it): no settings; credentials <c>username</c> and
/// <c>password</c> of a TCAP account. No feedback. Credentials may be left out when an exchange is created:
/// <see cref="Validate"/> then checks the settings alone, and a client made without them answers every call with
/// <see cref="ExchangeError.Unauthorized"/>.
/// </summary>
public sealed class TatApi : IExchangeApi
{
    /// <summary>TCAP's service.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://app.terrorismanalytics.org/");

    private readonly Uri _baseUrl;

    /// <summary>The API as Aegis registers it, on TCAP's service.</summary>
    public TatApi()
        : this(DefaultBaseUrl)
    {
    }

    /// <summary>The API on another service (a fake TCAP in tests).</summary>
    public TatApi(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        _baseUrl = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/");
    }

    /// <inheritdoc />
    public string Name => "tat";

    /// <inheritdoc />
    public ExchangeSchema Schema { get; } = new(
        [],
        [
            new ExchangeField("username", "string", true, "Tech Against Terrorism (TCAP) hash list username."),
            new ExchangeField("password", "string", true, "Tech Against Terrorism (TCAP) hash list password."),
        ]);

    /// <inheritdoc />
    public bool SupportsFeedback => false;

    /// <inheritdoc />
    public string? Validate(JsonObject settings, JsonObject? credentials) => Read(settings, credentials, out _, out _);

    /// <inheritdoc />
    public IExchangeClient Create(JsonObject settings, JsonObject? credentials, HttpClient http, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        var problem = Read(settings, credentials, out var username, out var password);
        return problem is null ? new TatClient(_baseUrl, username, password, http, time) : throw new ArgumentException(problem, nameof(credentials));
    }

    private string? Read(JsonObject settings, JsonObject? credentials, out string? username, out string? password)
    {
        ArgumentNullException.ThrowIfNull(settings);
        username = password = null;
        if (ExchangeFields.Unknown(settings, Schema.Settings, Name, "setting") is { } unknown)
        {
            return unknown;
        }

        if (credentials is null)
        {
            return null;
        }

        return ExchangeFields.Unknown(credentials, Schema.Credentials, Name, "credential")
            ?? ExchangeFields.String(credentials, "username", required: true, out username)
            ?? ExchangeFields.String(credentials, "password", required: true, out password);
    }
}
