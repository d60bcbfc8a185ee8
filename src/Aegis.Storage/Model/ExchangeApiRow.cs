namespace Aegis.Storage.Model;

/// <summary>
/// A row of <c>exchange_apis</c>: an exchange API's own credentials (HMA keeps credentials per API, not per exchange),
/// sealed under the server's key ring; every exchange of that API without credentials of its own fetches with them.
/// </summary>
internal sealed class ExchangeApiRow
{
    /// <summary>The API's name (<c>ncmec</c>, …).</summary>
    public required string Api { get; set; }

    /// <summary>The credentials sealed under the server's key ring (AES-GCM), or null once cleared: never plaintext.</summary>
    public byte[]? Credentials { get; set; }

    /// <summary>The key ring's key the credentials are sealed under.</summary>
    public string? CredentialsKeyId { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
