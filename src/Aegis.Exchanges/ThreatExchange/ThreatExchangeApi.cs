using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Aegis.Exchanges.ThreatExchange;

/// <summary>
/// Meta's ThreatExchange (<c>fb_threatexchange</c>, as HMA names it): setting <c>privacy_group</c> (the
/// ThreatPrivacyGroup id, required); credential <c>api_token</c>, an app access token <c>appid|secret</c>. Credentials
/// may be left out when an exchange is created: <see cref="Validate"/> then checks the settings alone, and a client
/// made without them answers every call with <see cref="ExchangeError.Unauthorized"/>.
/// </summary>
public sealed partial class ThreatExchangeApi : IExchangeApi
{
    /// <summary>The Graph API version python-threatexchange uses.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://graph.facebook.com/v21.0");

    private readonly Uri _baseUrl;

    /// <summary>The API as Aegis registers it, on Meta's Graph API.</summary>
    public ThreatExchangeApi()
        : this(DefaultBaseUrl)
    {
    }

    /// <summary>The API on another Graph endpoint (a fake in tests).</summary>
    public ThreatExchangeApi(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        _baseUrl = new Uri(baseUrl.AbsoluteUri.TrimEnd('/'));
    }

    /// <inheritdoc />
    public string Name => "fb_threatexchange";

    /// <inheritdoc />
    public ExchangeSchema Schema { get; } = new(
        [new ExchangeField("privacy_group", "number", true, "The ThreatPrivacyGroup id to fetch.")],
        [new ExchangeField("api_token", "string", true, "A ThreatExchange app access token, appid|secret.")]);

    /// <inheritdoc />
    public bool SupportsFeedback => true;

    /// <inheritdoc />
    public string? Validate(JsonObject settings, JsonObject? credentials) => Read(settings, credentials, out _, out _);

    /// <inheritdoc />
    public IExchangeClient Create(JsonObject settings, JsonObject? credentials, HttpClient http, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        var problem = Read(settings, credentials, out var privacyGroup, out var token);
        return problem is null ? new ThreatExchangeClient(_baseUrl, privacyGroup, token, http, time) : throw new ArgumentException(problem, nameof(settings));
    }

    /// <summary>What python-threatexchange takes for an app token: an app id of 8 digits or more, '|' (or %7C), a secret of 20 or more.</summary>
    [GeneratedRegex(@"^[0-9]{8,}(?:%7C|\|)[A-Za-z0-9_\-]{20,}$")]
    private static partial Regex AppToken();

    private string? Read(JsonObject settings, JsonObject? credentials, out long privacyGroup, out string? token)
    {
        ArgumentNullException.ThrowIfNull(settings);
        privacyGroup = 0;
        token = null;
        if (ExchangeFields.Unknown(settings, Schema.Settings, Name, "setting") is { } unknown)
        {
            return unknown;
        }

        if (ExchangeFields.Integer(settings, "privacy_group", required: true, out var group) is { } problem)
        {
            return problem;
        }

        if (group <= 0)
        {
            return "'privacy_group' must be a ThreatPrivacyGroup id (a positive whole number).";
        }

        privacyGroup = group!.Value;
        if (credentials is null)
        {
            return null;
        }

        problem = ExchangeFields.Unknown(credentials, Schema.Credentials, Name, "credential")
            ?? ExchangeFields.String(credentials, "api_token", required: true, out token);
        if (problem is not null)
        {
            return problem;
        }

        if (!AppToken().IsMatch(token!))
        {
            token = null;
            return "'api_token' must be a ThreatExchange app access token: the app id, '|', then its secret.";
        }

        return null;
    }
}
