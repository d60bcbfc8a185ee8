using System.Text.Json.Nodes;

namespace Aegis.Exchanges;

/// <summary>
/// An exchange API (one per kind of exchange: <c>ncmec</c>, <c>stop_ncii</c>, <c>tat</c>, <c>fb_threatexchange</c>,
/// <c>file</c>, <c>aegis</c>): its name as HMA names it, what its settings and credentials are, and how a client is
/// made from them. Registered once; exchanges of that API are data (name, settings, credentials, schedule, bank).
/// </summary>
public interface IExchangeApi
{
    /// <summary>The API's name, as in HMA's <c>/c/exchanges/apis</c> (e.g. <c>ncmec</c>).</summary>
    string Name { get; }

    /// <summary>The settings (HMA's <c>api_json</c>, non-secret) and credentials (secret) an exchange of this API takes.</summary>
    ExchangeSchema Schema { get; }

    /// <summary>Whether <see cref="IExchangeClient.SendFeedbackAsync"/> does anything for this API.</summary>
    bool SupportsFeedback { get; }

    /// <summary>Why <paramref name="settings"/> and <paramref name="credentials"/> cannot make a client (naming the field), or null.</summary>
    string? Validate(JsonObject settings, JsonObject? credentials);

    /// <summary>A client for one exchange of this API.</summary>
    /// <param name="settings">Its settings (checked with <see cref="Validate"/>).</param>
    /// <param name="credentials">Its credentials, decrypted for this call only; null when none are stored.</param>
    /// <param name="http">The HTTP client to call the exchange with (its timeout, handler and proxy are the caller's).</param>
    /// <param name="time">The clock (time windows, token expiry).</param>
    IExchangeClient Create(JsonObject settings, JsonObject? credentials, HttpClient http, TimeProvider time);
}
