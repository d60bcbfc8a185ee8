namespace Aegis.Exchanges;

/// <summary>An exchange refused or failed a call. The message says what happened and never holds a credential.</summary>
public sealed class ExchangeException : Exception
{
    public ExchangeException()
    {
    }

    public ExchangeException(string message)
        : base(message)
    {
    }

    public ExchangeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ExchangeException(ExchangeError error, string message, Exception? innerException = null)
        : base(message, innerException) => Error = error;

    public ExchangeError Error { get; } = ExchangeError.Failed;

    /// <summary>When the exchange asked to be called again (a 429's or 503's Retry-After), if it did.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// With <see cref="ExchangeError.CheckpointExpired"/>: the checkpoint to fetch from instead (the client's last safe
    /// point, e.g. the start of the time window whose paging link expired); null: from the beginning.
    /// </summary>
    public string? RestartFrom { get; init; }
}

/// <summary>Why an exchange call failed, for the caller's backoff and status.</summary>
public enum ExchangeError
{
    /// <summary>A transient failure (network, 5xx, timeout, 429): try again after a backoff.</summary>
    Failed,

    /// <summary>The credentials were refused (401/403): retrying will not help until they change.</summary>
    Unauthorized,

    /// <summary>The exchange answered something the client cannot read (bad XML/JSON, a missing field): the page is not applied.</summary>
    BadResponse,

    /// <summary>The checkpoint is too old for the exchange (its paging link expired): the client starts again from its last safe point.</summary>
    CheckpointExpired,

    /// <summary>The API does not do this (feedback on an exchange without feedback).</summary>
    NotSupported,
}
