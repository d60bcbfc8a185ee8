namespace Aegis.Storage;

/// <summary>What an API key may do.</summary>
public enum ApiKeyRole
{
    /// <summary>The platform's upload path: the gate, hash lookups, match events.</summary>
    Platform,

    /// <summary>Bank curation: create, import, add, disable, export.</summary>
    Curator,

    /// <summary>Everything.</summary>
    Admin,
}
