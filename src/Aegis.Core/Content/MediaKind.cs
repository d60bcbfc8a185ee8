namespace Aegis.Core.Content;

/// <summary>What a piece of content is.</summary>
public enum MediaKind
{
    Image,
    Video,

    /// <summary>Only its hashes are known (a hash lookup without the bytes).</summary>
    Hashes,

    /// <summary>A conversation of private messages (<c>conversation:&lt;id&gt;</c>), or an account's outreach (<c>account:&lt;id&gt;</c>): no media of its own.</summary>
    Conversation,
}
