namespace Aegis.Hashing.Previews;

/// <summary>One frame of a <see cref="FrameStrip"/>.</summary>
/// <param name="At">When the frame is shown in the video (from its start).</param>
/// <param name="X">Where the frame starts in the strip, in pixels from its left edge.</param>
/// <param name="Width">The frame's width in the strip.</param>
/// <param name="Height">The frame's height (centred in the strip's height).</param>
public sealed record StripFrame(TimeSpan At, int X, int Width, int Height);
