namespace Aegis.Fakes.Exchanges;

/// <summary>One request a fake exchange received, and what it answered.</summary>
/// <param name="Number">Its number among every request the fake received, from 1.</param>
/// <param name="Endpoint">The fake's name for what was called ("entries", "FetchHashes", "threat_updates", ...).</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path.</param>
/// <param name="Query">The query parameters, decoded (a name given twice keeps the last).</param>
/// <param name="Headers">The request's headers (names lower-case).</param>
/// <param name="Body">The body as text.</param>
/// <param name="Status">The status answered; null when the connection was dropped or the request hung.</param>
/// <param name="Fault">The fault injected, if any.</param>
public sealed record FakeExchangeRequest(
    int Number,
    string Endpoint,
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    int? Status,
    ExchangeFault? Fault)
{
    /// <summary>Whether the request was answered with a success.</summary>
    public bool Succeeded => Status is >= 200 and < 300 && Fault is null;
}
