namespace Aegis.Core.Exchanges;

/// <summary>Why a fetch failed, as far as the schedule cares (the exchange client's error, mapped by the server).</summary>
public enum FetchFailure
{
    /// <summary>A transient failure (network, 5xx, timeout, 429) or an answer that could not be read: back off and try again.</summary>
    Failed,

    /// <summary>The credentials were refused: trying again will not help until they change.</summary>
    Unauthorized,

    /// <summary>The checkpoint is too old for the exchange: start again from the client's safe point.</summary>
    CheckpointExpired,
}
