using System.Text.Json.Nodes;

namespace Aegis.Exchanges.StopNcii;

/// <summary>
/// StopNCII.org's hash API (<c>stop_ncii</c>, as HMA names it). No settings; credentials as HMA has them,
/// <c>fetch_function_key</c> and <c>subscription_key</c> (required) and <c>base_url_override</c>, plus
/// <c>feedback_function_key</c>, the SubmitFeedback endpoint's own key, which HMA lacks (without it there is no
/// feedback). Credentials may be left out when an exchange is created: <see cref="Validate"/> then checks the settings
/// alone, and a client made without them answers every call with <see cref="ExchangeError.Unauthorized"/>.
/// </summary>
public sealed class StopNciiApi : IExchangeApi
{
    /// <summary>StopNCII's API.</summary>
    public static readonly Uri DefaultBaseUrl = new("https://api.stopncii.org/v1");

    /// <inheritdoc />
    public string Name => "stop_ncii";

    /// <inheritdoc />
    public ExchangeSchema Schema { get; } = new(
        [],
        [
            new ExchangeField("fetch_function_key", "string", true, "The FetchHashes endpoint's key (sent as x-functions-key)."),
            new ExchangeField("subscription_key", "string", true, "The API Management subscription key (sent as Ocp-Apim-Subscription-Key on every call)."),
            new ExchangeField("base_url_override", "string", false, "Another base URL than https://api.stopncii.org/v1 (a test service); empty for StopNCII's."),
            new ExchangeField("feedback_function_key", "string", false, "The SubmitFeedback endpoint's key; without it Aegis sends StopNCII no feedback (an Aegis addition)."),
        ]);

    /// <inheritdoc />
    public bool SupportsFeedback => true;

    /// <inheritdoc />
    public string? Validate(JsonObject settings, JsonObject? credentials) => Read(settings, credentials, out _);

    /// <inheritdoc />
    public IExchangeClient Create(JsonObject settings, JsonObject? credentials, HttpClient http, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(time);
        var problem = Read(settings, credentials, out var options);
        return problem is null ? new StopNciiClient(options!, http, time) : throw new ArgumentException(problem, nameof(credentials));
    }

    private string? Read(JsonObject settings, JsonObject? credentials, out StopNciiOptions? options)
    {
        ArgumentNullException.ThrowIfNull(settings);
        options = null;
        if (ExchangeFields.Unknown(settings, Schema.Settings, Name, "setting") is { } unknown)
        {
            return unknown;
        }

        if (credentials is null)
        {
            options = new StopNciiOptions(DefaultBaseUrl, null, null, null);
            return null;
        }

        if (ExchangeFields.Unknown(credentials, Schema.Credentials, Name, "credential") is { } wrong)
        {
            return wrong;
        }

        if (ExchangeFields.String(credentials, "fetch_function_key", required: true, out var fetchKey) is { } fetchProblem)
        {
            return fetchProblem;
        }

        if (ExchangeFields.String(credentials, "subscription_key", required: true, out var subscriptionKey) is { } subscriptionProblem)
        {
            return subscriptionProblem;
        }

        if (ExchangeFields.Url(credentials, "base_url_override", out var baseUrl) is { } urlProblem)
        {
            return urlProblem;
        }

        if (ExchangeFields.String(credentials, "feedback_function_key", required: false, out var feedbackKey) is { } feedbackProblem)
        {
            return feedbackProblem;
        }

        options = new StopNciiOptions(baseUrl ?? DefaultBaseUrl, fetchKey, subscriptionKey, string.IsNullOrEmpty(feedbackKey) ? null : feedbackKey);
        return null;
    }
}

/// <summary>A StopNCII exchange's credentials, checked (null keys: none stored).</summary>
internal sealed record StopNciiOptions(Uri BaseUrl, string? FetchKey, string? SubscriptionKey, string? FeedbackKey);
