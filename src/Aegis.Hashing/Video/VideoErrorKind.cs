namespace Aegis.Hashing.Video;

/// <summary>Why a video could not be hashed.</summary>
public enum VideoErrorKind
{
    /// <summary>ffmpeg or ffprobe is not installed (or not where configured).</summary>
    FfmpegMissing,

    /// <summary>The file has no video stream (audio only, or not a media file at all).</summary>
    NotAVideo,

    /// <summary>The file is damaged or truncated: ffmpeg could not read it to the end.</summary>
    Corrupt,

    /// <summary>The video has no frames.</summary>
    Empty,

    /// <summary>The frame size is over the pixel limit (checked before decoding).</summary>
    TooLarge,

    /// <summary>The video is longer than the duration limit (checked before decoding).</summary>
    TooLong,

    /// <summary>ffmpeg took longer than the timeout and was stopped.</summary>
    Timeout,
}
