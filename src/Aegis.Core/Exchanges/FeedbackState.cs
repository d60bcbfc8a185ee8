namespace Aegis.Core.Exchanges;

/// <summary>Where a verdict owed to an exchange stands.</summary>
public enum FeedbackState
{
    /// <summary>Waiting to be sent (or sent again after a failure).</summary>
    Pending,

    /// <summary>The exchange took it.</summary>
    Sent,

    /// <summary>Not sent, for good: the exchange takes no feedback of this kind (the reason is kept).</summary>
    Skipped,

    /// <summary>Not sent: it failed <see cref="FeedbackRules.MaxAttempts"/> times (the last error is kept).</summary>
    Failed,
}
