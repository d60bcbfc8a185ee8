using Aegis.Hashing.Pdq;

namespace Aegis.Hashing.Video;

/// <summary>
/// One hashed video frame, as vPDQ defines it: the frame's PDQ hash and quality, its frame number
/// (0-based, counting every decoded frame) and its timestamp in seconds (frame number / average
/// frame rate).
/// </summary>
public readonly record struct VpdqFeature(PdqHash Hash, int FrameNumber, int Quality, double Timestamp);
