namespace Aegis.Hashing.Imaging;

/// <summary>An image that cannot be decoded or hashed, with the reason as a <see cref="ImageErrorKind"/>.</summary>
public sealed class ImageDecodeException : Exception
{
    public ImageDecodeException(ImageErrorKind kind, string message)
        : base(message)
    {
        Kind = kind;
    }

    public ImageDecodeException(ImageErrorKind kind, string message, Exception inner)
        : base(message, inner)
    {
        Kind = kind;
    }

    /// <summary>The reason, for callers that map it to a status (e.g. HTTP 400 vs 413).</summary>
    public ImageErrorKind Kind { get; }
}
