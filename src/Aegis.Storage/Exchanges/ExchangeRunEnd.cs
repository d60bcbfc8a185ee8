namespace Aegis.Storage;

/// <summary>How a run ended, for <see cref="ExchangeStore.FinishRunAsync"/>.</summary>
/// <param name="Outcome"><see cref="Done"/>, <see cref="More"/>, <see cref="Failed"/> or <see cref="Stopped"/>.</param>
/// <param name="NextRunAt">When the exchange is due again.</param>
/// <param name="Error">The failure's status in words, when it failed.</param>
/// <param name="Failing">True when the failure makes the exchange failing (the platform is told, once).</param>
/// <param name="Restart">True: the checkpoint becomes <paramref name="RestartFrom"/> (the client's safe point).</param>
/// <param name="RestartFrom">The checkpoint to start from after an expired one (null: the beginning).</param>
public sealed record ExchangeRunEnd(string Outcome, DateTimeOffset NextRunAt, string? Error = null, bool Failing = false, bool Restart = false, string? RestartFrom = null)
{
    /// <summary>Everything the exchange had was fetched: due again on its schedule.</summary>
    public const string Done = "done";

    /// <summary>Stopped at the page bound with more to fetch: due again at once.</summary>
    public const string More = "more";

    /// <summary>A call failed: due again after a backoff.</summary>
    public const string Failed = "failed";

    /// <summary>The node stopped (shutting down): neither a success nor a failure; due again at once.</summary>
    public const string Stopped = "stopped";

    /// <summary>True for <see cref="Done"/> and <see cref="More"/>.</summary>
    public bool Succeeded => Outcome is Done or More;
}
