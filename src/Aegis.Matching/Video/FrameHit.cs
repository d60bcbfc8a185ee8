namespace Aegis.Matching.Video;

/// <summary>A known video's frame within the searched distance of a picture (see <see cref="VideoIndex.SearchFrames"/>).</summary>
/// <param name="VideoKey">The key the known video was added with.</param>
/// <param name="Distance">Hamming distance between the picture's PDQ hash and the frame's.</param>
/// <param name="FrameNumber">The frame's number in the video's features (for a parsed signal, its position in the list).</param>
/// <param name="Timestamp">The frame's time in the video, in seconds.</param>
public readonly record struct FrameHit(int VideoKey, int Distance, int FrameNumber, double Timestamp);
