using System.Security.Cryptography;
using System.Text;
using Aegis.Core.Events;
using Aegis.Storage.Model;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

/// <summary>
/// API keys: made, listed, revoked, and checked. A key is <c>aegis_</c> followed by 43 base64url characters (256
/// random bits); the store keeps only its SHA-256, so a copy of the database gives no working key.
/// </summary>
public sealed class ApiKeyStore(BankStore store)
{
    /// <summary>What every key starts with (so a leaked key is easy to recognise and scan for).</summary>
    public const string Prefix = "aegis_";

    /// <summary>Makes a key, unaudited (for tests and seeding; people use the audited overload). The secret is in the result and nowhere else.</summary>
    /// <exception cref="BankStoreException">The name is not valid or is taken.</exception>
    public Task<NewApiKey> CreateAsync(string name, ApiKeyRole role, CancellationToken cancellationToken = default) =>
        CreateCoreAsync(name, role, actor: null, cancellationToken);

    /// <summary>Makes a key, audited as <c>apikey.created</c> by <paramref name="actor"/> in the same transaction. The secret is in the result and nowhere else.</summary>
    /// <exception cref="BankStoreException">The name is not valid or is taken.</exception>
    public Task<NewApiKey> CreateAsync(string name, ApiKeyRole role, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        return CreateCoreAsync(name, role, actor, cancellationToken);
    }

    private async Task<NewApiKey> CreateCoreAsync(string name, ApiKeyRole role, string? actor, CancellationToken cancellationToken)
    {
        if (Matching.Banks.Bank.ValidateName(name) is { } invalid)
        {
            throw new BankStoreException(BankStoreError.Invalid, invalid.Replace("bank name", "key name", StringComparison.Ordinal));
        }

        if (!Enum.IsDefined(role))
        {
            throw new BankStoreException(BankStoreError.Invalid, $"Unknown role {(int)role}.");
        }

        var secret = Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var row = new ApiKeyRow { Name = name, Role = role, SecretHash = Hash(secret), CreatedAt = store.Time.GetUtcNow() };
        await using var db = store.CreateContext();
        db.ApiKeys.Add(row);
        if (actor is not null)
        {
            EventWriter.Add(db, new ApiKeyCreated(actor, name, UserRoles.Name(role)), row.CreatedAt);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (StoreErrors.IsUniqueViolation(e))
        {
            throw new BankStoreException(BankStoreError.AlreadyExists, $"An API key named '{name}' already exists.", e);
        }

        return new NewApiKey(row.ToKey(), secret);
    }

    /// <summary>Every key, revoked ones too, by name.</summary>
    public async Task<IReadOnlyList<ApiKey>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var rows = await db.ApiKeys.AsNoTracking().ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.Name, StringComparer.Ordinal).Select(r => r.ToKey())];
    }

    /// <summary>Revokes a key by name, unaudited (for tests); revoking a revoked key changes nothing.</summary>
    /// <exception cref="BankStoreException">No key has that name.</exception>
    public Task<ApiKey> RevokeAsync(string name, CancellationToken cancellationToken = default) => RevokeCoreAsync(name, actor: null, cancellationToken);

    /// <summary>Revokes a key by name, audited as <c>apikey.revoked</c> by <paramref name="actor"/>; revoking a revoked key changes nothing.</summary>
    /// <exception cref="BankStoreException">No key has that name.</exception>
    public Task<ApiKey> RevokeAsync(string name, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(actor);
        return RevokeCoreAsync(name, actor, cancellationToken);
    }

    private async Task<ApiKey> RevokeCoreAsync(string name, string? actor, CancellationToken cancellationToken)
    {
        await using var db = store.CreateContext();
        var row = await db.ApiKeys.SingleOrDefaultAsync(k => k.Name == name, cancellationToken)
            ?? throw new BankStoreException(BankStoreError.NotFound, $"There is no API key named '{name}'.");
        if (row.RevokedAt is null)
        {
            row.RevokedAt = store.Time.GetUtcNow();
            if (actor is not null)
            {
                EventWriter.Add(db, new ApiKeyRevoked(actor, name), row.RevokedAt.Value);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return row.ToKey();
    }

    /// <summary>The active key with this secret, or null (unknown, malformed or revoked).</summary>
    public async Task<ApiKey?> FindAsync(string secret, CancellationToken cancellationToken = default)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal) || secret.Length > 128)
        {
            return null;
        }

        var hash = Hash(secret);
        await using var db = store.CreateContext();
        var row = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.SecretHash == hash, cancellationToken);
        return row is { RevokedAt: null } ? row.ToKey() : null;
    }

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
