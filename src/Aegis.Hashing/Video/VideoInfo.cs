namespace Aegis.Hashing.Video;

/// <summary>What ffprobe says of a video's first video stream.</summary>
/// <param name="Width">Frame width.</param>
/// <param name="Height">Frame height.</param>
/// <param name="FrameRate">Average frame rate (frames per second).</param>
/// <param name="Duration">Container duration, when known.</param>
/// <param name="FrameCount">Frames the stream declares (or duration × rate), when known.</param>
public sealed record VideoInfo(int Width, int Height, double FrameRate, TimeSpan? Duration, long? FrameCount);
