namespace Aegis.Storage;

/// <summary>How a run ended, for <see cref="ExchangeStore.FinishRunAsync"/>.</summary>
/// <param name="Succeeded">True when it ended without an error (all fetched, or stopped at the page bound).</param>
/// <param name="Outcome"><c>done</c>, <c>more</c> or <c>failed</c>, for the audit entry.</param>
/// <param name="NextRunAt">When the exchange is due again.</param>
/// <param name="Error">The failure's status in words, when it failed.</param>
/// <param name="Failing">True when the failure makes the exchange failing (the platform is told, once).</param>
/// <param name="Restart">True: the checkpoint becomes <paramref name="RestartFrom"/> (the client's safe point).</param>
/// <param name="RestartFrom">The checkpoint to start from after an expired one (null: the beginning).</param>
public sealed record ExchangeRunEnd(bool Succeeded, string Outcome, DateTimeOffset NextRunAt, string? Error = null, bool Failing = false, bool Restart = false, string? RestartFrom = null);
