using Aegis.Server.Auth;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Tests.Users;

/// <summary>
/// Data Protection's keys live in the store: what one node protects (a session cookie, later) another node reads, and a
/// restart reads it too. Each "node" is its own service provider over its own store instance on one database.
/// </summary>
public abstract class DataProtectionKeyTests
{
    private const string Purpose = "aegis-test-cookie";

    protected abstract Task<TestDatabase> DatabaseAsync();

    [Fact]
    public async Task A_payload_protected_on_one_node_is_read_on_another_and_after_a_restart()
    {
        await using var database = await DatabaseAsync();
        string protectedPayload;
        await using (var storeA = await BankStore.OpenAsync(database.Options))
        await using (var storeB = await BankStore.OpenAsync(database.Options))
        {
            using var nodeA = Node(storeA);
            using var nodeB = Node(storeB);

            protectedPayload = Protector(nodeA).Protect("ana signed in");

            Assert.Equal("ana signed in", Protector(nodeB).Unprotect(protectedPayload));
            Assert.Single(new DataProtectionKeyStore(storeA).ReadAll());
        }

        await using var restarted = await BankStore.OpenAsync(database.Options);
        using var nodeC = Node(restarted);

        Assert.Equal("ana signed in", Protector(nodeC).Unprotect(protectedPayload));
        Assert.Single(new DataProtectionKeyStore(restarted).ReadAll());
    }

    [Fact]
    public async Task A_payload_from_another_database_is_refused()
    {
        await using var database = await DatabaseAsync();
        await using var other = TestDatabase.Sqlite();
        await using var store = await BankStore.OpenAsync(database.Options);
        await using var otherStore = await BankStore.OpenAsync(other.Options);
        using var node = Node(store);
        using var stranger = Node(otherStore);

        var payload = Protector(stranger).Protect("mallory");

        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => Protector(node).Unprotect(payload));
    }

    private static ServiceProvider Node(BankStore store) => new ServiceCollection().AddLogging().AddAegisDataProtection(store).BuildServiceProvider();

    private static IDataProtector Protector(IServiceProvider node) => node.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);
}

public sealed class SqliteDataProtectionKeyTests : DataProtectionKeyTests
{
    protected override Task<TestDatabase> DatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresDataProtectionKeyTests : DataProtectionKeyTests
{
    protected override Task<TestDatabase> DatabaseAsync() => TestDatabase.PostgresAsync();
}
