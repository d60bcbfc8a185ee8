using Aegis.Core.Content;
using Aegis.Hashing.Previews;

namespace Aegis.Server.Evidence;

/// <summary>
/// What a reviewer is shown of an evidence item before any reveal: an image's preview, or a video's strip of frame
/// thumbnails (with when each frame is), as one JPEG drawn on the server.
/// </summary>
/// <param name="EvidenceId">The item.</param>
/// <param name="Kind">Image or video (told from the bytes; an animated GIF is an image, shown by its first frame).</param>
/// <param name="Jpeg">The preview's bytes (<see cref="MediaType"/>).</param>
/// <param name="Width">Its width in pixels.</param>
/// <param name="Height">Its height in pixels.</param>
/// <param name="Frames">A video's frames in the strip, in time order; empty for an image.</param>
/// <param name="Duration">A video's duration, when known.</param>
/// <param name="Options">How it was drawn (blur, grey, size).</param>
internal sealed record EvidencePreview(
    long EvidenceId, MediaKind Kind, ReadOnlyMemory<byte> Jpeg, int Width, int Height, IReadOnlyList<StripFrame> Frames, TimeSpan? Duration, PreviewOptions Options)
{
    /// <summary>The preview's media type.</summary>
    public const string MediaType = "image/jpeg";
}
