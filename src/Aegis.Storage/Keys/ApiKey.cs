namespace Aegis.Storage;

/// <summary>An API key as listed: never the secret.</summary>
/// <param name="Id">The key's id.</param>
/// <param name="Name">A unique name, e.g. the service that uses it.</param>
/// <param name="Role">What it may do.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="RevokedAt">When it was revoked; null while it works.</param>
public sealed record ApiKey(int Id, string Name, ApiKeyRole Role, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    /// <summary>True while the key works.</summary>
    public bool Active => RevokedAt is null;
}
