namespace Aegis.Storage.Tests;

public abstract partial class BankStoreTests
{
    [Fact]
    public async Task An_api_key_works_until_it_is_revoked_and_only_its_hash_is_stored()
    {
        await using var store = await OpenAsync();
        var keys = new ApiKeyStore(store);
        var name = NewBankName("key");

        var made = await keys.CreateAsync(name, ApiKeyRole.Curator);
        var found = await keys.FindAsync(made.Secret);

        Assert.StartsWith(ApiKeyStore.Prefix, made.Secret, StringComparison.Ordinal);
        Assert.Equal(made.Key, found);
        Assert.Null(await keys.FindAsync(made.Secret + "x"));
        Assert.Null(await keys.FindAsync("not-a-key"));
        Assert.Contains(await keys.ListAsync(), k => k.Name == name && k.Role == ApiKeyRole.Curator && k.Active);
        await using (var db = store.CreateContext())
        {
            // The row holds the secret's SHA-256 and nothing from which the secret could be read back.
            var row = db.ApiKeys.Single(k => k.Name == name);
            var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(made.Secret)));
            Assert.Equal(expected, row.SecretHash);
            Assert.DoesNotContain(made.Secret[ApiKeyStore.Prefix.Length..], row.SecretHash + row.Name, StringComparison.Ordinal);
        }

        var duplicate = await Assert.ThrowsAsync<BankStoreException>(() => keys.CreateAsync(name, ApiKeyRole.Admin));
        Assert.Equal(BankStoreError.AlreadyExists, duplicate.Error);

        var revoked = await keys.RevokeAsync(name);

        Assert.False(revoked.Active);
        Assert.Null(await keys.FindAsync(made.Secret));
        Assert.Equal(BankStoreError.NotFound, (await Assert.ThrowsAsync<BankStoreException>(() => keys.RevokeAsync(name + "-none"))).Error);
    }
}
