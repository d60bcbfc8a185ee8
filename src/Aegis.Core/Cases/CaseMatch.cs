namespace Aegis.Core.Cases;

/// <summary>The bank entry a gate case was opened on: what matched, and where the entry came from.</summary>
/// <param name="Bank">The bank's name.</param>
/// <param name="EntryId">The matched entry.</param>
/// <param name="SignalType">The kind of hash that matched (pdq, md5, sha256, vpdq).</param>
/// <param name="Distance">PDQ distance (0 for exact digests and vPDQ).</param>
/// <param name="Source">Where the entry came from: the list it was imported from, or the case that banked it.</param>
/// <param name="Frame">For a picture matched with one video frame: that frame's number (in an uploaded video, counting
/// every decoded frame; in a vPDQ signal, its position in the list).</param>
/// <param name="FrameSeconds">For such a match: the frame's time in its video, in seconds.</param>
public sealed record CaseMatch(string Bank, long EntryId, string SignalType, int Distance, string? Source, int? Frame = null, double? FrameSeconds = null);
