using System.Text.Json.Nodes;
using Aegis.Core.Exchanges;
using Aegis.Exchanges;
using Aegis.Storage;

namespace Aegis.Server.Api;

/// <summary>An exchange as the API shows it (its credentials never: only whether they are set).</summary>
/// <param name="Name">Unique name.</param>
/// <param name="Api">Its API (<c>GET /v1/exchanges/apis</c>).</param>
/// <param name="Bank">The bank its hashes go to.</param>
/// <param name="Settings">Its settings (non-secret).</param>
/// <param name="ScheduleMinutes">How often it is fetched.</param>
/// <param name="Enabled">Whether it is fetched.</param>
/// <param name="HasCredentials">Whether credentials are set.</param>
/// <param name="CreatedAt">When it was configured.</param>
/// <param name="UpdatedAt">When its configuration last changed.</param>
/// <param name="Status">Where its fetching stands.</param>
/// <param name="SendFeedback">Whether reviewers' verdicts on its entries are sent back to it (<c>GET /v1/exchanges/{name}/feedback</c> lists them).</param>
/// <param name="FeedbackReason">The reason its negative feedback gives where the exchange asks for one (NCMEC: one of its reason names or GUIDs).</param>
/// <param name="QuarantinedAt">When the flood guard quarantined the whole exchange (its matches hold instead of block), or null.</param>
/// <param name="QuarantinedEntries">Its entries in the flood guard's quarantine (<c>GET /v1/exchanges/quarantine</c>).</param>
public sealed record ExchangeView(
    string Name, string Api, string Bank, JsonObject Settings, int ScheduleMinutes, bool Enabled, bool HasCredentials, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, ExchangeStatusView Status,
    bool SendFeedback, string? FeedbackReason, DateTimeOffset? QuarantinedAt, long QuarantinedEntries)
{
    public static ExchangeView From(Exchange x) => new(
        x.Name, x.Api, x.Bank, Exchanges.ExchangeService.Settings(x.Settings), x.ScheduleMinutes, x.Enabled, x.HasCredentials, x.CreatedAt, x.UpdatedAt, ExchangeStatusView.From(x.Status),
        x.SendFeedback, x.FeedbackReason, x.QuarantinedAt, x.QuarantinedEntries);
}

/// <summary>Where an exchange's fetching stands.</summary>
/// <param name="State">running, never_run, ok, retrying (failed, not yet failing) or failing (the platform was told).</param>
/// <param name="LastRunAt">When the last run started.</param>
/// <param name="LastSuccessAt">When a run last ended without an error.</param>
/// <param name="NextRunAt">When it is due next (when enabled).</param>
/// <param name="LastRun">What the last run did (so far, while it runs).</param>
/// <param name="Total">What every run did.</param>
/// <param name="ConsecutiveFailures">Failed runs in a row.</param>
/// <param name="LastError">The last failure and when it is tried again.</param>
/// <param name="RunningOn">The node fetching it now.</param>
/// <param name="ExchangeTime">How far the exchange's own clock has been read, when it says.</param>
public sealed record ExchangeStatusView(
    string State, DateTimeOffset? LastRunAt, DateTimeOffset? LastSuccessAt, DateTimeOffset NextRunAt, ExchangeCountsView LastRun, ExchangeCountsView Total,
    int ConsecutiveFailures, string? LastError, string? RunningOn, DateTimeOffset? ExchangeTime)
{
    public static ExchangeStatusView From(ExchangeStatus s) => new(
        s.State, s.LastRunAt, s.LastSuccessAt, s.NextRunAt, ExchangeCountsView.From(s.LastRun), ExchangeCountsView.From(s.Total), s.ConsecutiveFailures, s.LastError, s.RunningOn, s.ExchangeTime);
}

/// <summary>Records read and bank entries added (or enabled again), updated (provenance) and removed (disabled).</summary>
public sealed record ExchangeCountsView(long Records, long Added, long Updated, long Removed)
{
    public static ExchangeCountsView From(ExchangeCounts c) => new(c.Records, c.Added, c.Updated, c.Removed);
}

/// <summary>An exchange API: what its settings and credentials are.</summary>
/// <param name="Name">Its name (an exchange's <c>api</c>).</param>
/// <param name="SupportsFeedback">Whether reviewers' verdicts are sent back to it.</param>
/// <param name="Settings">Its settings (non-secret).</param>
/// <param name="Credentials">Its credentials (secret: stored sealed, never shown).</param>
public sealed record ExchangeApiView(string Name, bool SupportsFeedback, IReadOnlyList<ExchangeFieldView> Settings, IReadOnlyList<ExchangeFieldView> Credentials)
{
    public static ExchangeApiView From(IExchangeApi api) => new(
        api.Name, api.SupportsFeedback, [.. api.Schema.Settings.Select(ExchangeFieldView.From)], [.. api.Schema.Credentials.Select(ExchangeFieldView.From)]);
}

/// <summary>One field of an API's settings or credentials.</summary>
/// <param name="Name">Its JSON name.</param>
/// <param name="Type">Its type (<c>str</c>, <c>int</c>, <c>bool</c>, <c>set[int]</c>, …).</param>
/// <param name="Required">Whether it must be given.</param>
/// <param name="Description">What it is.</param>
/// <param name="Default">Its default (JSON), if it has one.</param>
public sealed record ExchangeFieldView(string Name, string Type, bool Required, string Description, string? Default)
{
    public static ExchangeFieldView From(ExchangeField f) => new(f.Name, f.Type, f.Required, f.Description, f.Default);
}

/// <summary><c>POST /v1/exchanges</c>.</summary>
/// <param name="Name">Letters, digits, '-', '_' and '.', 1–64 characters.</param>
/// <param name="Api">One of <c>GET /v1/exchanges/apis</c>.</param>
/// <param name="Bank">An existing bank.</param>
/// <param name="Settings">The API's settings; none when left out.</param>
/// <param name="ScheduleMinutes">1 to 10080; default 60.</param>
/// <param name="Enabled">Default true: fetched at once.</param>
/// <param name="Credentials">The API's credentials (or set them later).</param>
public sealed record CreateExchangeRequest(string? Name, string? Api, string? Bank, JsonObject? Settings, int? ScheduleMinutes, bool? Enabled, JsonObject? Credentials);

/// <summary><c>PATCH /v1/exchanges/{name}</c>: what is given changes.</summary>
/// <param name="Settings">The whole new settings.</param>
/// <param name="ScheduleMinutes">1 to 10080.</param>
/// <param name="Enabled">Fetch it, or stop.</param>
/// <param name="ResetCheckpoint">True: the next fetch starts from the beginning (what the bank holds is kept; records arriving again change nothing).</param>
/// <param name="SendFeedback">Whether reviewers' verdicts on its entries are sent back to it (on by default).</param>
/// <param name="FeedbackReason">The reason negative feedback gives where the exchange asks for one: for NCMEC one of the names or GUIDs
/// of <c>GET /v2/feedback/{type}/reasons</c> (unset: NCMEC's only reason, if it lists one). A reviewer's own words are never sent. Empty clears it.</param>
public sealed record UpdateExchangeRequest(JsonObject? Settings, int? ScheduleMinutes, bool? Enabled, bool? ResetCheckpoint, bool? SendFeedback = null, string? FeedbackReason = null);

/// <summary>What removing an exchange did.</summary>
/// <param name="Name">The exchange removed.</param>
/// <param name="EntriesDisabled">Bank entries only it held, disabled with it.</param>
public sealed record ExchangeDeletedView(string Name, long EntriesDisabled);

/// <summary>A verdict owed to an exchange: a reviewer's confirmation or dismissal of a case whose item matched one of its entries.</summary>
/// <param name="Id">Its id.</param>
/// <param name="RecordKey">The exchange's record the entry came from.</param>
/// <param name="EntryId">The bank entry that matched.</param>
/// <param name="CaseId">The case decided.</param>
/// <param name="Verdict"><c>confirmed</c> or <c>dismissed</c>.</param>
/// <param name="State"><c>pending</c>, <c>sent</c>, <c>skipped</c> (the exchange takes no such feedback) or <c>failed</c> (given up).</param>
/// <param name="Attempts">Tries so far.</param>
/// <param name="NextAttemptAt">When a pending one is tried next.</param>
/// <param name="Error">The last failure, or why it was skipped.</param>
/// <param name="CreatedAt">When the decision owed it.</param>
/// <param name="SentAt">When the exchange took it.</param>
public sealed record ExchangeFeedbackView(
    long Id, string RecordKey, long EntryId, long CaseId, string Verdict, string State, int Attempts, DateTimeOffset? NextAttemptAt, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? SentAt)
{
    /// <summary>The view of a stored verdict.</summary>
    public static ExchangeFeedbackView From(FeedbackItem f) => new(
        f.Id, f.RecordKey, f.EntryId, f.CaseId, f.Verdict.ToString().ToLowerInvariant(), f.State.ToString().ToLowerInvariant(), f.Attempts, f.NextAttemptAt, f.Error, f.CreatedAt, f.SentAt);
}
