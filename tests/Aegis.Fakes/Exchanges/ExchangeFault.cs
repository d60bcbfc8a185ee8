namespace Aegis.Fakes.Exchanges;

/// <summary>
/// A fault a fake exchange injects into one request (each fake's <c>Fail</c>), in place of its answer: the request does
/// not take effect.
/// </summary>
public sealed record ExchangeFault
{
    private ExchangeFault(ExchangeFaultKind kind, int status = 0, TimeSpan? retryAfter = null)
    {
        Kind = kind;
        Status = status;
        RetryAfter = retryAfter;
    }

    /// <summary>HTTP 500 with a short text body.</summary>
    public static ExchangeFault ServerError { get; } = new(ExchangeFaultKind.Status, 500);

    /// <summary>HTTP 200 with a body cut off in the middle (not well-formed XML or JSON).</summary>
    public static ExchangeFault Malformed { get; } = new(ExchangeFaultKind.Malformed, 200);

    /// <summary>No answer until the client gives up (released when the fake is disposed).</summary>
    public static ExchangeFault Hang { get; } = new(ExchangeFaultKind.Hang);

    /// <summary>The connection is aborted with no answer.</summary>
    public static ExchangeFault Drop { get; } = new(ExchangeFaultKind.Drop);

    /// <summary>HTTP 200 and a body that never ends (until the client stops reading).</summary>
    public static ExchangeFault Endless { get; } = new(ExchangeFaultKind.Endless, 200);

    /// <summary>What the fault does.</summary>
    public ExchangeFaultKind Kind { get; }

    /// <summary>The HTTP status answered, for the kinds that answer one.</summary>
    public int Status { get; }

    /// <summary>The Retry-After header sent, if any.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>HTTP 429 with a Retry-After of <paramref name="retryAfter"/>.</summary>
    public static ExchangeFault TooManyRequests(TimeSpan retryAfter) => new(ExchangeFaultKind.Status, 429, retryAfter);

    /// <summary>HTTP 503, with a Retry-After when given.</summary>
    public static ExchangeFault Unavailable(TimeSpan? retryAfter = null) => new(ExchangeFaultKind.Status, 503, retryAfter);

    /// <summary>Any HTTP status, with a short text body.</summary>
    public static ExchangeFault Answer(int status) => new(ExchangeFaultKind.Status, status);

    public override string ToString() => Kind switch
    {
        ExchangeFaultKind.Status => $"HTTP {Status}" + (RetryAfter is { } after ? $" (Retry-After {after.TotalSeconds:0})" : ""),
        _ => Kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>What an <see cref="ExchangeFault"/> does to the answer.</summary>
public enum ExchangeFaultKind
{
    /// <summary>An HTTP error status.</summary>
    Status,

    /// <summary>A success with a broken body.</summary>
    Malformed,

    /// <summary>No answer.</summary>
    Hang,

    /// <summary>The connection aborted.</summary>
    Drop,

    /// <summary>A success whose body never ends.</summary>
    Endless,
}
