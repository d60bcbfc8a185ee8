using Aegis.Matching.Banks;
using Aegis.Matching.Video;

namespace Aegis.Matching.Matching;

/// <summary>One bank entry that matched: which bank, which entry, on what kind of hash, how far.</summary>
/// <param name="Bank">The bank's name.</param>
/// <param name="EntryId">The matched entry.</param>
/// <param name="Type">The kind of hash that matched.</param>
/// <param name="Distance">PDQ Hamming distance; 0 for exact digests and vPDQ.</param>
/// <param name="Action">What the match does: the bank's action, except that a vPDQ match by the segment rule holds
/// for review rather than blocks.</param>
/// <param name="Kind">Ordinary or negative.</param>
/// <param name="Video">For a vPDQ match of a whole video: the rule that held and the percentages.</param>
/// <param name="Frame">For a match between a picture and one video frame (a video's frame against an image entry, or
/// an image against a frame of a video entry): the video frame's number — an upload's decoded frame number, or a
/// signal's position in its list (vPDQ signals carry no frame numbers).</param>
/// <param name="Timestamp">For such a match: that frame's time in its video, in seconds.</param>
public sealed record BankMatch(
    string Bank,
    long EntryId,
    SignalType Type,
    int Distance,
    BankAction Action,
    BankKind Kind,
    VideoMatch? Video = null,
    int? Frame = null,
    double? Timestamp = null);
