namespace Aegis.Fuzz.Tests.Support;

/// <summary>The seed corpus: small, valid, benign files kept in the repository, copied next to the tests.</summary>
internal static class Seeds
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "seeds");

    /// <summary>JPEG, PNG (1 to 16 bit, interlaced, palette), GIF, BMP and WebP from tests/data/formats.</summary>
    public static IReadOnlyList<byte[]> Images { get; } = Load("images", "*.png", "*.jpg", "*.gif", "*.bmp", "*.webp");

    /// <summary>Two-second 48×32 videos: H.264 in MP4, VP8 in WebM, MJPEG in AVI, MPEG-2 in a transport stream.</summary>
    public static IReadOnlyList<byte[]> Videos { get; } = Load("video", "*.*");

    /// <summary>The sample hash lists of tests/data/hashlists, one per format and one full of mistakes.</summary>
    public static IReadOnlyList<byte[]> HashLists { get; } = Load("hashlists", "*.csv", "*.jsonl", "*.txt");

    private static byte[][] Load(string folder, params string[] patterns)
    {
        var directory = Path.Combine(Root, folder);
        var files = patterns.SelectMany(p => Directory.GetFiles(directory, p)).Distinct().Order(StringComparer.Ordinal).ToArray();
        return files.Length > 0
            ? [.. files.Select(File.ReadAllBytes)]
            : throw new InvalidOperationException($"No seed files in {directory}.");
    }
}
