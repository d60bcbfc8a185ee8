namespace Aegis.Core.Content;

/// <summary>What a piece of content is.</summary>
public enum MediaKind
{
    Image,
    Video,

    /// <summary>Only its hashes are known (a hash lookup without the bytes).</summary>
    Hashes,
}
