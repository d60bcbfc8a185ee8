namespace Aegis.Core.Evidence;

/// <summary>Where an item's preservation stands.</summary>
public enum EvidenceState
{
    /// <summary>Not preserved yet: its bytes are awaited (from the gate that holds them, a fetch from the platform, or an upload).</summary>
    Fetching,

    /// <summary>The bytes and metadata are in the vault, encrypted.</summary>
    Preserved,

    /// <summary>The bytes could not be fetched: the platform was told (<c>evidence.missing</c>) and may upload them.</summary>
    Missing,
}
