namespace Aegis.Hashing.Previews;

/// <summary>
/// A rendered preview: a JPEG encoded afresh from pixels (nothing of the original file's metadata is carried over), its
/// size, and the size of what it was drawn from (upright).
/// </summary>
/// <param name="Jpeg">The JPEG's bytes.</param>
/// <param name="Width">Its width in pixels.</param>
/// <param name="Height">Its height in pixels.</param>
/// <param name="SourceWidth">The width of the image it shows, upright (of a video frame: the frame size ffprobe gives).</param>
/// <param name="SourceHeight">The height of that image (or video frame).</param>
public sealed record ImagePreview(ReadOnlyMemory<byte> Jpeg, int Width, int Height, int SourceWidth, int SourceHeight);
