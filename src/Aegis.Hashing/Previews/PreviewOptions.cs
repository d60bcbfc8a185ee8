using System.Globalization;

namespace Aegis.Hashing.Previews;

/// <summary>
/// How a preview of evidence is drawn for a reviewer: its size, how strongly it is blurred, whether it is grey. The
/// defaults are the protective ones (strong blur, grayscale); an unblurred preview is asked for explicitly
/// (<see cref="Revealed"/>).
/// </summary>
public sealed record PreviewOptions
{
    /// <summary>The long side <see cref="BlurSigma"/> is given for: a preview this size is blurred by exactly that many pixels.</summary>
    public const int ReferenceLongSide = 640;

    /// <summary>Default long side, in pixels.</summary>
    public const int DefaultMaxLongSide = 640;

    /// <summary>Smallest and largest long side that can be set.</summary>
    public const int MinLongSide = 64;

    /// <inheritdoc cref="MinLongSide"/>
    public const int MaxLongSideLimit = 4096;

    /// <summary>
    /// Default blur: a Gaussian of standard deviation 32 pixels at a 640-pixel long side (5% of it). At that strength a
    /// headline 70 pixels high (11% of the preview) no longer reads, a face filling the frame is a blob with no eyes,
    /// nose or mouth, and a PDQ hash of the preview is 60–90 bits from the original's (no bank would match it); what
    /// remains is the scene's layout and tones, enough for a reviewer to know what kind of picture it is before deciding
    /// to look. 24 still let the largest text be guessed. Coop's strongest setting is a 40-pixel CSS blur.
    /// </summary>
    public const double DefaultBlurSigma = 32;

    /// <summary>The strongest blur that can be set (past it every preview is one flat colour).</summary>
    public const double MaxBlurSigma = 200;

    /// <summary>Default JPEG quality.</summary>
    public const int DefaultQuality = 80;

    /// <summary>The preview's longer side is at most this many pixels (a smaller image is not enlarged).</summary>
    public int MaxLongSide { get; init; } = DefaultMaxLongSide;

    /// <summary>
    /// The Gaussian blur's standard deviation, in pixels of a <see cref="ReferenceLongSide"/>-pixel long side, scaled
    /// with the preview's actual long side (so a smaller preview, or a frame of a strip, is blurred by the same share of
    /// its size); 0 is no blur.
    /// </summary>
    public double BlurSigma { get; init; } = DefaultBlurSigma;

    /// <summary>True: a one-channel (grey) JPEG, whose every pixel decodes to R = G = B.</summary>
    public bool Grayscale { get; init; } = true;

    /// <summary>JPEG quality, 1–100.</summary>
    public int Quality { get; init; } = DefaultQuality;

    /// <summary>The protective defaults: 640 pixels, blurred, grey.</summary>
    public static PreviewOptions Default { get; } = new();

    /// <summary>Unblurred, in colour: only after a reviewer's deliberate (and audited) reveal.</summary>
    public static PreviewOptions Revealed { get; } = new() { BlurSigma = 0, Grayscale = false };

    /// <summary>True when the preview is blurred at all.</summary>
    public bool Blurred => BlurSigma > 0;

    /// <summary>The blur's standard deviation for a preview whose long side is <paramref name="longSide"/> pixels.</summary>
    public float SigmaFor(int longSide) => (float)(BlurSigma * longSide / ReferenceLongSide);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (MaxLongSide is < MinLongSide or > MaxLongSideLimit)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxLongSide), MaxLongSide, Invariant($"MaxLongSide must be {MinLongSide} to {MaxLongSideLimit} pixels."));
        }

        if (!double.IsFinite(BlurSigma) || BlurSigma is < 0 or > MaxBlurSigma)
        {
            throw new ArgumentOutOfRangeException(nameof(BlurSigma), BlurSigma, Invariant($"BlurSigma must be 0 (no blur) to {MaxBlurSigma}."));
        }

        if (Quality is < 1 or > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(Quality), Quality, "Quality must be 1 to 100.");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
