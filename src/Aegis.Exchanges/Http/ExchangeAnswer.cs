using System.Text;

namespace Aegis.Exchanges.Http;

/// <summary>An exchange's answer to one call: its HTTP status and body (read within the call's size limit).</summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Body">The body's bytes (for an error status, at most its first few kilobytes).</param>
/// <param name="RetryAfter">The Retry-After the exchange asked for, if it did.</param>
internal sealed record ExchangeAnswer(int Status, byte[] Body, TimeSpan? RetryAfter)
{
    /// <summary>Whether the status is 2xx.</summary>
    public bool Succeeded => Status is >= 200 and < 300;

    /// <summary>The value of the header the caller asked to keep (several joined by commas), or null when absent.</summary>
    public string? Header { get; init; }

    /// <summary>The body as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Body);
}
