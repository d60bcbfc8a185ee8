namespace Aegis.Hashing.Imaging;

/// <summary>Why an image could not be hashed.</summary>
public enum ImageErrorKind
{
    /// <summary>The input has no bytes.</summary>
    Empty,

    /// <summary>The bytes are not an image format Aegis recognises.</summary>
    UnrecognizedFormat,

    /// <summary>A recognised image format that Aegis does not hash (e.g. ICO, HEIF, RAW).</summary>
    UnsupportedFormat,

    /// <summary>The image data is damaged.</summary>
    Corrupt,

    /// <summary>The image data ends before the image does.</summary>
    Truncated,

    /// <summary>The header declares more pixels than the configured limit (checked before decoding).</summary>
    TooLarge,

    /// <summary>The image is smaller than PDQ can hash (5×5 pixels).</summary>
    TooSmall,

    /// <summary>The file is bigger than the configured byte limit.</summary>
    FileTooLarge,
}
