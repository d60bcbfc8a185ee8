namespace Aegis.Hashing.Video;

/// <summary>A video that cannot be hashed, with the reason as a <see cref="VideoErrorKind"/>.</summary>
public sealed class VideoHashException : Exception
{
    public VideoHashException(VideoErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    public VideoHashException(VideoErrorKind kind, string message, Exception inner)
        : base(message, inner)
    {
        Kind = kind;
    }

    public VideoErrorKind Kind { get; }
}
