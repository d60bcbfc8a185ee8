using System.Globalization;
using Aegis.Hashing.Previews;

namespace Aegis.Server.Hosting;

/// <summary>The review console's organisation defaults for showing evidence (each reviewer may override them).</summary>
public sealed class ConsoleOptions
{
    /// <summary>The weakest organisation default blur: below it a face or a headline stays recognisable at 640 pixels.</summary>
    public const double MinBlurSigma = 8;

    /// <summary>A preview's long side, in pixels (a video strip's frames are half of it).</summary>
    public int PreviewMaxPixels { get; set; } = PreviewOptions.DefaultMaxLongSide;

    /// <summary>The blur's standard deviation, in pixels of a 640-pixel long side (scaled with the preview's size).</summary>
    public double BlurSigma { get; set; } = PreviewOptions.DefaultBlurSigma;

    /// <summary>Previews are grey.</summary>
    public bool Grayscale { get; set; } = true;

    /// <summary>Videos play muted.</summary>
    public bool Mute { get; set; } = true;

    /// <summary>Frames in a video's strip of thumbnails.</summary>
    public int FrameThumbnails { get; set; } = VideoPreviewer.DefaultFrames;

    /// <summary>The organisation's default preview: blurred, and grey unless <see cref="Grayscale"/> is off.</summary>
    public PreviewOptions Preview => new() { MaxLongSide = PreviewMaxPixels, BlurSigma = BlurSigma, Grayscale = Grayscale };

    /// <summary>Adds a problem for each bad setting, named as the user would write it.</summary>
    public static void Validate(ConsoleOptions options, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(problems);
        if (options.PreviewMaxPixels is < PreviewOptions.MinLongSide or > PreviewOptions.MaxLongSideLimit)
        {
            problems.Add(Invariant($"Console:PreviewMaxPixels (AEGIS_CONSOLE__PREVIEWMAXPIXELS) is {PreviewOptions.MinLongSide} to {PreviewOptions.MaxLongSideLimit}; got {options.PreviewMaxPixels}."));
        }

        if (!double.IsFinite(options.BlurSigma) || options.BlurSigma is < MinBlurSigma or > PreviewOptions.MaxBlurSigma)
        {
            problems.Add(Invariant($"Console:BlurSigma (AEGIS_CONSOLE__BLURSIGMA) is {MinBlurSigma} to {PreviewOptions.MaxBlurSigma}: evidence is never shown unblurred by default; got {options.BlurSigma}."));
        }

        if (options.FrameThumbnails is < 1 or > VideoPreviewer.MaxFrames)
        {
            problems.Add(Invariant($"Console:FrameThumbnails (AEGIS_CONSOLE__FRAMETHUMBNAILS) is 1 to {VideoPreviewer.MaxFrames}; got {options.FrameThumbnails}."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
