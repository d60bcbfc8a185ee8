using Aegis.Core.Exchanges;

namespace Aegis.Storage;

/// <summary>A configured hash exchange, as stored (its credentials never leave the store except sealed, for a fetch).</summary>
/// <param name="Name">Its name (unique).</param>
/// <param name="Api">Its API (<c>ncmec</c>, <c>file</c>, …).</param>
/// <param name="Settings">Its settings (non-secret), a JSON object as text.</param>
/// <param name="Bank">The bank its hashes go to.</param>
/// <param name="ScheduleMinutes">How often it is fetched.</param>
/// <param name="Enabled">Whether it is fetched.</param>
/// <param name="HasCredentials">Whether credentials are stored (they are never shown).</param>
/// <param name="CreatedAt">When it was configured.</param>
/// <param name="UpdatedAt">When its configuration last changed.</param>
/// <param name="Status">Where its fetching stands.</param>
/// <param name="SendFeedback">Whether reviewers' verdicts on its entries are sent back to it.</param>
/// <param name="FeedbackReason">The reason its negative feedback gives, where the exchange asks for one.</param>
public sealed record Exchange(
    string Name, string Api, string Settings, string Bank, int ScheduleMinutes, bool Enabled, bool HasCredentials, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, ExchangeStatus Status,
    bool SendFeedback = true,
    string? FeedbackReason = null)
{
    /// <summary>When the flood guard quarantined the whole exchange (its matches hold instead of block), or null.</summary>
    public DateTimeOffset? QuarantinedAt { get; init; }

    /// <summary>Its entries the flood guard holds in quarantine now.</summary>
    public long QuarantinedEntries { get; init; }
}
