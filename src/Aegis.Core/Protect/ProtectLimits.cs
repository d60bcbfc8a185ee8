namespace Aegis.Core.Protect;

/// <summary>What one submission may hold, and the PDQ quality below which a hash is refused.</summary>
/// <param name="MaxFiles">The most files.</param>
/// <param name="MaxFramesPerVideo">The most frame hashes of one video.</param>
/// <param name="MinQuality">PDQ hashes of lower quality are refused.</param>
/// <param name="MaxContactLength">The longest contact.</param>
public sealed record ProtectLimits(int MaxFiles = 20, int MaxFramesPerVideo = 1200, int MinQuality = 50, int MaxContactLength = 320);
