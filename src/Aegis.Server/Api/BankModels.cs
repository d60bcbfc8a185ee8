using Aegis.Matching.Banks;
using Aegis.Matching.Video;
using Aegis.Storage;

namespace Aegis.Server.Api;

/// <summary>A bank as the API shows it.</summary>
/// <param name="Name">Unique name.</param>
/// <param name="PdqThreshold">Largest PDQ distance that matches.</param>
/// <param name="Action">block, hold or flag.</param>
/// <param name="Kind">ordinary or negative.</param>
/// <param name="Enabled">Whether it is matched.</param>
/// <param name="Description">Free text.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="Video">Its video rules.</param>
/// <param name="EnabledEntries">Entries that match.</param>
/// <param name="TotalEntries">All entries.</param>
public sealed record BankView(
    string Name, int PdqThreshold, BankAction Action, BankKind Kind, bool Enabled, string? Description, DateTimeOffset CreatedAt,
    VideoRules Video, long? EnabledEntries, long? TotalEntries)
{
    public static BankView From(Bank b, long? enabled = null, long? total = null) => new(
        b.Name, b.PdqThreshold, b.Action, b.Kind, b.Enabled, b.Description, b.CreatedAt, VideoRules.From(b.Video), enabled, total);

    public static BankView From(BankSummary s) => From(s.Bank, s.EnabledEntries, s.TotalEntries);
}

/// <summary>A bank's video rules.</summary>
/// <param name="QueryPercent">Reference rule: least share of the upload's frames that match.</param>
/// <param name="ContainmentPercent">Containment rule: least share of the known video's seconds matched (above 100: off).</param>
/// <param name="SegmentFrames">Segment rule (holds for review): least matching upload frames.</param>
public sealed record VideoRules(double QueryPercent, double ContainmentPercent, int SegmentFrames)
{
    public static VideoRules From(VideoMatchThresholds t) => new(t.QueryPercent, t.ContainmentPercent, t.SegmentFrames);

    public VideoMatchThresholds ToThresholds()
    {
        if (!double.IsFinite(QueryPercent) || QueryPercent < 0 || !double.IsFinite(ContainmentPercent) || ContainmentPercent < 0 || SegmentFrames < 1)
        {
            throw new BankStoreException(BankStoreError.Invalid, "Video rules: percentages are 0 or more (above 100 turns a rule off) and segment_frames is at least 1.");
        }

        return VideoMatchThresholds.Default with { QueryPercent = QueryPercent, ContainmentPercent = ContainmentPercent, SegmentFrames = SegmentFrames };
    }
}

/// <summary><c>POST /v1/banks</c>.</summary>
/// <param name="Name">Letters, digits, '-', '_' and '.', 1–64 characters.</param>
/// <param name="PdqThreshold">0–63; default 31.</param>
/// <param name="Action">block (default), hold or flag.</param>
/// <param name="Kind">ordinary (default) or negative.</param>
/// <param name="Description">Free text.</param>
/// <param name="Video">Video rules; defaults 80 / 80 / 5.</param>
public sealed record CreateBankRequest(
    string Name, int? PdqThreshold, BankAction? Action, BankKind? Kind, string? Description, VideoRules? Video);

/// <summary><c>PATCH /v1/banks/{name}</c>: what is given changes.</summary>
/// <param name="PdqThreshold">0–63.</param>
/// <param name="Action">block, hold or flag.</param>
/// <param name="Kind">ordinary or negative.</param>
/// <param name="Enabled">Whether it is matched.</param>
/// <param name="Description">Free text; "" clears it.</param>
/// <param name="Video">Video rules.</param>
public sealed record UpdateBankRequest(
    int? PdqThreshold, BankAction? Action, BankKind? Kind, bool? Enabled, string? Description, VideoRules? Video);

/// <summary>An entry as the API shows it.</summary>
/// <param name="Id">Unique across banks.</param>
/// <param name="Bank">Its bank.</param>
/// <param name="SignalType">pdq, md5, sha256 or vpdq.</param>
/// <param name="Value">The hash (a vPDQ signal: its JSON list).</param>
/// <param name="Enabled">Whether it matches.</param>
/// <param name="List">Where it came from.</param>
/// <param name="ExternalId">The list's id for it.</param>
/// <param name="Category">The list's label.</param>
/// <param name="AddedAt">When it was added.</param>
/// <param name="AddedBy">Who added it.</param>
public sealed record EntryView(
    long Id, string Bank, SignalType SignalType, string Value, bool Enabled, string? List, string? ExternalId, string? Category,
    DateTimeOffset AddedAt, string? AddedBy)
{
    public static EntryView From(BankEntry e) => new(
        e.Id, e.Bank, e.Type, e.Value, e.Enabled, e.Source.List, e.Source.ExternalId, e.Source.Category, e.Source.AddedAt, e.Source.AddedBy);
}

/// <summary><c>POST /v1/banks/{name}/entries</c>.</summary>
/// <param name="SignalType">pdq, md5, sha256 or vpdq.</param>
/// <param name="Value">The hash.</param>
/// <param name="List">Where it came from.</param>
/// <param name="ExternalId">The list's id for it.</param>
/// <param name="Category">A label.</param>
public sealed record AddEntryRequest(SignalType SignalType, string Value, string? List, string? ExternalId, string? Category);

/// <summary><c>PATCH /v1/banks/{name}/entries/{id}</c>.</summary>
/// <param name="Enabled">Whether it matches.</param>
public sealed record UpdateEntryRequest(bool Enabled);
