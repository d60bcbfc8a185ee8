using System.Text.Json.Nodes;

namespace Aegis.Exchanges.AegisFeed;

/// <summary>
/// Another Aegis's hash feed (<c>aegis</c>; docs/exchange-protocol.md): settings <c>url</c> (the publisher's base URL),
/// <c>public_key</c> (its signing key, pinned: PEM or base64 SubjectPublicKeyInfo, several during a rotation) and
/// optionally <c>page_size</c>; credential <c>api_key</c> (a key of the publisher's <c>subscriber</c> role). No feedback.
/// </summary>
public sealed class AegisFeedApi : IExchangeApi
{
    /// <summary>The largest page a subscriber asks for.</summary>
    public const int MaxPageSize = 10_000;

    /// <inheritdoc />
    public string Name => "aegis";

    /// <inheritdoc />
    public ExchangeSchema Schema { get; } = new(
        [
            new ExchangeField("url", "string", true, "The publishing Aegis's base URL (https://aegis.example.org/)."),
            new ExchangeField("public_key", "string", true, "The publisher's feed signing key, pinned: PEM or base64 SubjectPublicKeyInfo (its GET /v1/feed/key, or `aegis feed key`); several during a key rotation."),
            new ExchangeField("page_size", "number", false, "Entries asked for per page (the publisher may give fewer).", "1000"),
        ],
        [new ExchangeField("api_key", "string", true, "An API key of the publisher's 'subscriber' role.")]);

    /// <inheritdoc />
    public bool SupportsFeedback => false;

    /// <inheritdoc />
    public string? Validate(JsonObject settings, JsonObject? credentials) => Read(settings, credentials, out _);

    /// <inheritdoc />
    public IExchangeClient Create(JsonObject settings, JsonObject? credentials, HttpClient http, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        var problem = Read(settings, credentials, out var client);
        return problem is null ? client!(http, time) : throw new ArgumentException(problem, nameof(settings));
    }

    private string? Read(JsonObject settings, JsonObject? credentials, out Func<HttpClient, TimeProvider, AegisFeedClient>? client)
    {
        ArgumentNullException.ThrowIfNull(settings);
        client = null;
        string? apiKey = null;
        IReadOnlyList<FeedPublicKey> keys = [];
        long? pageSize = null;
        Uri? url = null;
        var problem = ExchangeFields.Unknown(settings, Schema.Settings, Name, "setting")
            ?? ExchangeFields.Url(settings, "url", out url)
            ?? (url is null ? "'url' is required: the publishing Aegis's base URL." : null)
            ?? ExchangeFields.String(settings, "public_key", required: true, out var keyText)
            ?? FeedPublicKey.Parse(keyText, out keys)
            ?? ExchangeFields.Integer(settings, "page_size", required: false, out pageSize)
            ?? (pageSize is < 1 or > MaxPageSize ? $"'page_size' is 1 to {MaxPageSize}." : null)
            ?? (credentials is null ? null : ExchangeFields.Unknown(credentials, Schema.Credentials, Name, "credential")
                ?? ExchangeFields.String(credentials, "api_key", required: true, out apiKey));
        if (problem is null)
        {
            var (u, k, a, p) = (url!, keys, apiKey, (int)(pageSize ?? 1000));
            client = (http, time) => new AegisFeedClient(u, k, a, p, http, time);
        }

        return problem;
    }
}
