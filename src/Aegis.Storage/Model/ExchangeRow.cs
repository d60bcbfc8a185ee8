namespace Aegis.Storage.Model;

/// <summary>
/// A row of <c>exchanges</c>: one configured hash exchange (its API, settings, sealed credentials, schedule, bank), where
/// its fetching stands (checkpoint and status) and which node holds it now (claim token, lease). Times a worker compares in
/// SQL (due, lease) are Unix milliseconds, so both databases compare them.
/// </summary>
internal sealed class ExchangeRow
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public required string Api { get; set; }

    /// <summary>The settings (non-secret), a JSON object.</summary>
    public required string Settings { get; set; }

    /// <summary>The credentials sealed under the server's key ring (AES-GCM), or null: never plaintext.</summary>
    public byte[]? Credentials { get; set; }

    /// <summary>The key ring's key the credentials are sealed under.</summary>
    public string? CredentialsKeyId { get; set; }

    public int BankId { get; set; }

    public int ScheduleMinutes { get; set; }

    public bool Enabled { get; set; }

    /// <summary>Whether reviewers' verdicts on its entries are sent back to it.</summary>
    public bool SendFeedback { get; set; } = true;

    /// <summary>The reason sent with negative feedback, where the exchange asks for one (NCMEC: a reason name or GUID).</summary>
    public string? FeedbackReason { get; set; }

    /// <summary>Where the next fetch starts (the client's own text); stored with each page's records in one transaction.</summary>
    public string? Checkpoint { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? LastRunAt { get; set; }

    public DateTimeOffset? LastSuccessAt { get; set; }

    /// <summary>When the last run ended, having fetched or failed (a node stopping mid-run ends none).</summary>
    public DateTimeOffset? LastEndAt { get; set; }

    public string? LastError { get; set; }

    public int ConsecutiveFailures { get; set; }

    /// <summary>True once the platform was told the exchange is failing (<c>exchange.failing</c>), until it recovers.</summary>
    public bool Failing { get; set; }

    /// <summary>When it is due (Unix ms).</summary>
    public long NextRunAt { get; set; }

    public int RunPages { get; set; }

    public long RunRecords { get; set; }

    public long RunAdded { get; set; }

    public long RunUpdated { get; set; }

    public long RunRemoved { get; set; }

    public long TotalRecords { get; set; }

    public long TotalAdded { get; set; }

    public long TotalUpdated { get; set; }

    public long TotalRemoved { get; set; }

    /// <summary>How far the exchange's own clock has been read (<see cref="Exchanges.ExchangePage.Progress"/>).</summary>
    public DateTimeOffset? ExchangeTime { get; set; }

    /// <summary>The claim of the node fetching it: a fresh token per claim, checked by every write of the run.</summary>
    public string? ClaimToken { get; set; }

    public string? ClaimedBy { get; set; }

    /// <summary>When the claim runs out (Unix ms); another node may take the exchange after it.</summary>
    public long? LeaseUntil { get; set; }

    /// <summary>When the flood guard quarantined the whole exchange (every match of its entries holds), or null.</summary>
    public DateTimeOffset? QuarantinedAt { get; set; }

    /// <summary>When a curator last released it from quarantine (Unix ms): the guard counts only matches after it.</summary>
    public long? FloodReleasedAt { get; set; }
}
