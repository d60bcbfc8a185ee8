namespace Aegis.Storage.Model;

/// <summary>A row of <c>api_keys</c>: the key itself is never stored, only its SHA-256.</summary>
internal sealed class ApiKeyRow
{
    public int Id { get; set; }

    public required string Name { get; set; }

    public ApiKeyRole Role { get; set; }

    /// <summary>Lowercase hex SHA-256 of the whole key (keys are 256 random bits: a fast hash is enough).</summary>
    public required string SecretHash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public ApiKey ToKey() => new(Id, Name, Role, CreatedAt, RevokedAt);
}
