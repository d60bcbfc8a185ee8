using SkiaSharp;

namespace Aegis.Hashing.Previews;

/// <summary>
/// Sizes for one preview: what the codec decodes (the smallest size it offers that still covers the preview), the
/// preview itself (upright, fitted into the long side, never enlarged), and the EXIF orientation between the two.
/// </summary>
internal readonly record struct PreviewPlan(int DecodeWidth, int DecodeHeight, int Width, int Height, int SourceWidth, int SourceHeight, SKEncodedOrigin Origin)
{
    /// <summary>Step by which a scale is raised when the codec's nearest size falls short (libjpeg scales by eighths).</summary>
    private const float ScaleStep = 1f / 16;

    /// <summary>True when the orientation turns the image a quarter (width and height trade places).</summary>
    public bool SwapsAxes => Origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;

    public static PreviewPlan For(SKCodec codec, int width, int height, int longSide)
    {
        var origin = codec.EncodedOrigin;
        var swaps = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (uprightWidth, uprightHeight) = swaps ? (height, width) : (width, height);
        var scale = Math.Min(1.0, (double)longSide / Math.Max(uprightWidth, uprightHeight));
        var previewWidth = Math.Max(1, (int)Math.Round(uprightWidth * scale));
        var previewHeight = Math.Max(1, (int)Math.Round(uprightHeight * scale));
        var (neededWidth, neededHeight) = swaps ? (previewHeight, previewWidth) : (previewWidth, previewHeight);
        var (decodeWidth, decodeHeight) = DecodeSize(codec, width, height, (float)scale, neededWidth, neededHeight);
        return new PreviewPlan(decodeWidth, decodeHeight, previewWidth, previewHeight, uprightWidth, uprightHeight, origin);
    }

    /// <summary>
    /// Maps the decoded image, drawn into a rectangle of the preview's size in the file's own orientation, onto the
    /// upright preview (EXIF orientations 1–8: mirrors and quarter turns).
    /// </summary>
    public SKMatrix Orientation()
    {
        // Drawn size in the file's orientation.
        float w = SwapsAxes ? Height : Width, h = SwapsAxes ? Width : Height;
        return Origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1), // mirrored left to right
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1), // half turn
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1), // mirrored top to bottom
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1), // transposed
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1), // a quarter turn clockwise
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1), // transverse
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1), // a quarter turn anticlockwise
            _ => SKMatrix.Identity,
        };
    }

    /// <summary>The codec's nearest size to <paramref name="scale"/>, raised until it covers the needed size (or is the full size).</summary>
    private static (int Width, int Height) DecodeSize(SKCodec codec, int width, int height, float scale, int neededWidth, int neededHeight)
    {
        while (scale < 1)
        {
            var size = codec.GetScaledDimensions(scale);
            if (size.Width >= neededWidth && size.Height >= neededHeight && size.Width <= width && size.Height <= height)
            {
                return (size.Width, size.Height);
            }

            scale += ScaleStep;
        }

        return (width, height);
    }
}
