namespace Aegis.Server.Hma;

/// <summary>A request the HMA API refuses: answered as HMA does, <c>{"message": …}</c> with <see cref="Status"/>.</summary>
internal sealed class HmaException(int status, string message, int? retryAfterSeconds = null) : Exception(message)
{
    /// <summary>The HTTP status of the answer.</summary>
    public int Status { get; } = status;

    /// <summary>When set, the answer's <c>Retry-After</c>, in seconds.</summary>
    public int? RetryAfterSeconds { get; } = retryAfterSeconds;
}
