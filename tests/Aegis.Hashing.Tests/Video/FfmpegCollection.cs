namespace Aegis.Hashing.Tests.Video;

/// <summary>The video test classes run one at a time: they count ffmpeg processes, and each decodes on every core.</summary>
[CollectionDefinition(Name)]
public sealed class FfmpegCollection
{
    public const string Name = "ffmpeg";
}
