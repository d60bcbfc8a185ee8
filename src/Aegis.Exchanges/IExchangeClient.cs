namespace Aegis.Exchanges;

/// <summary>
/// One configured exchange's client (made by <see cref="IExchangeApi.Create"/> from the exchange's settings and
/// credentials). It keeps no state between calls: where a fetch stands is the <see cref="ExchangePage.Checkpoint"/>
/// it returns, which the caller stores with the page's records in one transaction and hands back on the next call (on
/// this node or another, after a crash or a restart). A client never applies anything itself.
/// </summary>
public interface IExchangeClient
{
    /// <summary>
    /// Fetches the next page of changes after <paramref name="checkpoint"/> (null: from the beginning). The page's
    /// records are the exchange's records as they now are (a record whose <see cref="ExchangeRecord.Signals"/> is empty
    /// is deleted); its checkpoint is where the next call starts. A page with <see cref="ExchangePage.More"/> false
    /// ends this run: the caller waits for the exchange's schedule before asking again.
    /// </summary>
    /// <exception cref="ExchangeException">The exchange refused or failed the call (the message says what, without
    /// credentials); the checkpoint given stays valid and the same call may be made again later.</exception>
    Task<ExchangePage> FetchAsync(string? checkpoint, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a reviewer's verdict on one record back to the exchange (NCMEC affirmative/negative feedback, StopNCII
    /// Blocked/NotBlocked, ...). An API without feedback throws <see cref="ExchangeException"/> with
    /// <see cref="ExchangeError.NotSupported"/>.
    /// </summary>
    /// <exception cref="ExchangeException">The exchange refused or failed the call.</exception>
    Task SendFeedbackAsync(ExchangeFeedback feedback, CancellationToken cancellationToken);
}
