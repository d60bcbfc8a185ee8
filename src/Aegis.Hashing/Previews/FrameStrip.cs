using Aegis.Hashing.Video;

namespace Aegis.Hashing.Previews;

/// <summary>
/// A video's frames side by side in one JPEG, left to right in time, each drawn as a preview (blurred and grey as asked),
/// with where each sits in the strip and when it is in the video.
/// </summary>
/// <param name="Jpeg">The strip, encoded afresh (nothing of the video file is carried over).</param>
/// <param name="Width">The strip's width: the frames' widths added up.</param>
/// <param name="Height">The strip's height: the tallest frame's.</param>
/// <param name="Frames">The frames, in time order.</param>
/// <param name="Video">What ffprobe said of the video (its size, frame rate and duration).</param>
public sealed record FrameStrip(ReadOnlyMemory<byte> Jpeg, int Width, int Height, IReadOnlyList<StripFrame> Frames, VideoInfo Video);
