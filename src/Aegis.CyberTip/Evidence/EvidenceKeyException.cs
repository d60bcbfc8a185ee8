namespace Aegis.CyberTip.Evidence;

/// <summary>An item is wrapped under a master key that is not configured: it cannot be read until the key is restored.</summary>
public sealed class EvidenceKeyException(string keyId, string message) : Exception(message)
{
    /// <summary>The missing key's id.</summary>
    public string KeyId { get; } = keyId;
}
