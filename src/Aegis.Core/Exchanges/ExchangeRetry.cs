namespace Aegis.Core.Exchanges;

/// <summary>What to do after a failed fetch.</summary>
/// <param name="Wait">How long until the exchange is due again.</param>
/// <param name="Failing">True when the platform should now be told the exchange is failing (if it was not told already).</param>
/// <param name="Status">The status a person reads (what failed and what will happen).</param>
/// <param name="Restart">True: the stored checkpoint is replaced by the client's safe point before the next fetch.</param>
public sealed record ExchangeRetry(TimeSpan Wait, bool Failing, string Status, bool Restart);
