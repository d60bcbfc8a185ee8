namespace Aegis.Hashing.Imaging;

/// <summary>Limits applied before and during decoding.</summary>
public sealed record ImageDecoderOptions
{
    /// <summary>Default pixel limit: 100 megapixels.</summary>
    public const long DefaultMaxPixels = 100_000_000;

    /// <summary>The largest limit that can be set: the RGBA buffer must fit one .NET array.</summary>
    public const long MaxSupportedPixels = 500_000_000;

    /// <summary>Images whose header declares more pixels than this are refused before any decoding.</summary>
    public long MaxPixels { get; init; } = DefaultMaxPixels;

    /// <summary>The defaults.</summary>
    public static ImageDecoderOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (MaxPixels < 25 || MaxPixels > MaxSupportedPixels)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxPixels), MaxPixels, $"MaxPixels must be between 25 and {MaxSupportedPixels:N0}.");
        }
    }
}
