namespace Aegis.Hashing.Video;

/// <summary>How videos are decoded and hashed, and the limits that protect the host.</summary>
public sealed record VideoOptions
{
    /// <summary>ffmpeg executable (a name looked up on PATH, or a full path).</summary>
    public string Ffmpeg { get; init; } = "ffmpeg";

    /// <summary>ffprobe executable.</summary>
    public string Ffprobe { get; init; } = "ffprobe";

    /// <summary>Hash one frame every this many seconds (the reference's <c>seconds_per_hash</c>); 0 hashes every frame.</summary>
    public double SecondsPerHash { get; init; } = 1.0;

    /// <summary>Scale frames to this width before hashing (0: native), like the reference's <c>-d</c>.</summary>
    public int DownsampleWidth { get; init; }

    /// <summary>Scale frames to this height before hashing (0: native).</summary>
    public int DownsampleHeight { get; init; }

    /// <summary>Largest frame, in pixels, that is decoded (checked from the header).</summary>
    public long MaxFramePixels { get; init; } = 36_000_000;

    /// <summary>Longest video that is decoded (checked from the header).</summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromHours(4);

    /// <summary>ffmpeg is stopped (its whole process tree) after this long.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(10);

    public static VideoOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the bad setting.</summary>
    public void Validate()
    {
        if (SecondsPerHash < 0 || double.IsNaN(SecondsPerHash))
        {
            throw new ArgumentOutOfRangeException(nameof(SecondsPerHash), SecondsPerHash, "SecondsPerHash must be 0 (every frame) or more.");
        }

        if (DownsampleWidth < 0 || DownsampleHeight < 0 || (DownsampleWidth > 0) != (DownsampleHeight > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(DownsampleWidth), $"{DownsampleWidth}x{DownsampleHeight}", "Set both DownsampleWidth and DownsampleHeight, or neither.");
        }

        if (MaxFramePixels < 25 || Timeout <= TimeSpan.Zero || MaxDuration <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFramePixels), "MaxFramePixels, Timeout and MaxDuration must be positive.");
        }
    }
}
