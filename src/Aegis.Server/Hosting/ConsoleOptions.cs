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

    /// <summary>Longest reveal that can be set, in seconds: a reveal is a glance, not a viewing mode.</summary>
    public const int MaxRevealSeconds = 30;

    /// <summary>Longest break interval that can be set, in minutes (a working day).</summary>
    public const int MaxBreakMinutes = 480;

    /// <summary>How long a reveal shows the unblurred media, in seconds; its single-use link lives as long.</summary>
    public int RevealSeconds { get; set; } = 5;

    /// <summary>Minutes of continuous time on the queue and case pages before a break is suggested (0: never).</summary>
    public int BreakMinutes { get; set; } = 50;

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

        if (options.RevealSeconds is < 1 or > MaxRevealSeconds)
        {
            problems.Add(Invariant($"Console:RevealSeconds (AEGIS_CONSOLE__REVEALSECONDS) is 1 to {MaxRevealSeconds}; got {options.RevealSeconds}."));
        }

        if (options.BreakMinutes is < 0 or > MaxBreakMinutes)
        {
            problems.Add(Invariant($"Console:BreakMinutes (AEGIS_CONSOLE__BREAKMINUTES) is 0 (no reminder) to {MaxBreakMinutes}; got {options.BreakMinutes}."));
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
