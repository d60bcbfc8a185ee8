using Aegis.Core.Content;
using Aegis.Core.Gate;
using Aegis.Matching.Banks;
using Aegis.Matching.Matching;
using Aegis.Matching.Video;

namespace Aegis.Server.Gate;

/// <summary>The gate's answer: the verdict, the matches behind it, and the hashes computed (for the platform to keep).</summary>
/// <param name="ContentId">The item's id, when one was given.</param>
/// <param name="Verdict">allow, hold or block.</param>
/// <param name="Kind">image, video or hashes.</param>
/// <param name="Recorded">True when this call recorded the item in the content index (false: it was already there, or no id was given).</param>
/// <param name="Hashes">The hashes computed or given.</param>
/// <param name="Matches">Matches that count, and negative-bank matches (which cancel others).</param>
/// <param name="Suppressed">Ordinary matches cancelled by a negative bank, for the record.</param>
public sealed record GateResponse(
    string? ContentId,
    Verdict Verdict,
    MediaKind Kind,
    bool Recorded,
    GateHashes Hashes,
    IReadOnlyList<GateMatch> Matches,
    IReadOnlyList<GateMatch> Suppressed)
{
    /// <summary>The case the gate opened (a block or a hold), or the one already open for this content id.</summary>
    public long? CaseId { get; init; }

    /// <summary>Why a hold or block was decided when no match says it: the uploader was suspended for child sexual exploitation.</summary>
    public string? Reason { get; init; }
}

/// <summary>The hashes of an item.</summary>
/// <param name="Pdq">Image PDQ, 64 hex.</param>
/// <param name="PdqQuality">Image PDQ quality 0–100 (below 50 the hash says little).</param>
/// <param name="Md5">MD5 of the bytes, 32 hex.</param>
/// <param name="Sha256">SHA-256 of the bytes, 64 hex.</param>
/// <param name="Vpdq">Video: the vPDQ signal (python-threatexchange's JSON list).</param>
/// <param name="VpdqFrames">Video: frames hashed.</param>
/// <param name="VpdqSkipped">Video: why its frames were not hashed (its MD5 or SHA-256 is in a bank that blocks it); vpdq is then absent.</param>
public sealed record GateHashes(string? Pdq, int? PdqQuality, string? Md5, string? Sha256, string? Vpdq, int? VpdqFrames, string? VpdqSkipped = null);

/// <summary>One match.</summary>
/// <param name="Bank">The bank.</param>
/// <param name="EntryId">The bank entry.</param>
/// <param name="SignalType">pdq, md5, sha256 or vpdq.</param>
/// <param name="Distance">PDQ distance; 0 for exact digests and vPDQ.</param>
/// <param name="Action">What the match does: block, hold or flag.</param>
/// <param name="Negative">True for a negative bank's match.</param>
/// <param name="Video">For a vPDQ match of the whole video: the rule and percentages.</param>
/// <param name="Frame">A picture matched with one video frame (a video's frame with an image entry, or an image with a video entry's frame): that frame's number (in an uploaded video, counting every decoded frame; in a vPDQ signal, its position in the list).</param>
/// <param name="FrameSeconds">For such a match: the frame's time in its video, in seconds.</param>
public sealed record GateMatch(
    string Bank,
    long EntryId,
    SignalType SignalType,
    int Distance,
    BankAction Action,
    bool Negative,
    GateVideoMatch? Video,
    int? Frame = null,
    double? FrameSeconds = null)
{
    /// <summary>Where the matched entry came from: the exchange (its entry id, member, category) or the list; absent when nothing is known.</summary>
    public MatchProvenance? Source { get; init; }

    public static GateMatch From(BankMatch m, IReadOnlyDictionary<long, EntrySource> sources) => From(m) with { Source = MatchProvenance.From(sources.GetValueOrDefault(m.EntryId)) };

    public static GateMatch From(BankMatch m) => new(
        m.Bank,
        m.EntryId,
        m.Type,
        m.Distance,
        m.Action,
        m.Kind == BankKind.Negative,
        m.Video is { } v ? new GateVideoMatch(v.Rule, v.QueryPercent, v.CandidatePercent, v.CoveragePercent, v.MatchedQueryFrames) : null,
        m.Frame,
        m.Timestamp);
}

/// <summary>How a video matched a vPDQ entry.</summary>
/// <param name="Rule">reference, containment or segment.</param>
/// <param name="QueryPercent">Share of the upload's frames that matched.</param>
/// <param name="CandidatePercent">Share of the known video's frames that matched.</param>
/// <param name="CoveragePercent">Share of the known video's seconds that matched.</param>
/// <param name="MatchedFrames">Upload frames that matched.</param>
public sealed record GateVideoMatch(VideoMatchRule Rule, double QueryPercent, double CandidatePercent, double CoveragePercent, int MatchedFrames);
