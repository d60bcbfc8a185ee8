using Aegis.Matching.Banks;

namespace Aegis.Storage;

/// <summary>A bank entry the item matched.</summary>
/// <param name="Bank">The bank.</param>
/// <param name="EntryId">The entry.</param>
/// <param name="Source">Where the entry came from: the list it was imported from, or <c>case:N</c> for the case that banked it.</param>
/// <param name="SignalType">pdq, md5, sha256 or vpdq.</param>
/// <param name="Distance">PDQ distance (0 for exact digests and vPDQ).</param>
/// <param name="Action">What the match does: block, hold or flag.</param>
/// <param name="AtGate">The gate's verdict rested on it (the match the case was opened on); false for a match found later,
/// when the hash was banked after the item was up.</param>
/// <param name="At">When it was found.</param>
/// <param name="Frame">For a picture matched with one video frame: that frame's number (in an uploaded video, counting every
/// decoded frame; in a vPDQ signal, its position in the list). Recorded for the gate's match only.</param>
/// <param name="FrameSeconds">For such a match: the frame's time in its video, in seconds.</param>
/// <param name="Provenance">Where the entry came from: its exchange (with the exchange's entry id, member and category) or list.</param>
public sealed record DossierMatch(
    string Bank, long EntryId, string? Source, string SignalType, int Distance, BankAction? Action, bool AtGate, DateTimeOffset At,
    int? Frame = null, double? FrameSeconds = null, MatchProvenance? Provenance = null);
