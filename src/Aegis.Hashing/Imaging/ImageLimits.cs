namespace Aegis.Hashing.Imaging;

/// <summary>Limits on what Aegis will read and decode, so hostile input gets an error, not an out-of-memory.</summary>
public sealed record ImageLimits
{
    /// <summary>Default pixel limit: 100 megapixels.</summary>
    public const long DefaultMaxPixels = 100_000_000;

    /// <summary>Default file-size limit: 256 MiB.</summary>
    public const long DefaultMaxFileBytes = 256L * 1024 * 1024;

    /// <summary>The largest pixel limit that can be set: the RGBA buffer must fit one .NET array.</summary>
    public const long MaxSupportedPixels = 500_000_000;

    /// <summary>Images whose header declares more pixels than this are refused before any decoding.</summary>
    public long MaxPixels { get; init; } = DefaultMaxPixels;

    /// <summary>Files larger than this are refused before they are read.</summary>
    public long MaxFileBytes { get; init; } = DefaultMaxFileBytes;

    /// <summary>The defaults.</summary>
    public static ImageLimits Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (MaxPixels < 25 || MaxPixels > MaxSupportedPixels)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxPixels), MaxPixels, $"MaxPixels must be between 25 and {MaxSupportedPixels:N0}.");
        }

        if (MaxFileBytes < 1 || MaxFileBytes > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxFileBytes), MaxFileBytes, $"MaxFileBytes must be between 1 and {Array.MaxLength:N0}.");
        }
    }
}
