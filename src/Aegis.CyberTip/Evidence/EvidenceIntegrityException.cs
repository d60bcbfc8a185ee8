namespace Aegis.CyberTip.Evidence;

/// <summary>A preserved item failed its integrity check (a GCM tag, or the SHA-256 of its bytes): nothing of it is returned.</summary>
public sealed class EvidenceIntegrityException : Exception
{
    public EvidenceIntegrityException(string message)
        : base(message)
    {
    }

    public EvidenceIntegrityException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
