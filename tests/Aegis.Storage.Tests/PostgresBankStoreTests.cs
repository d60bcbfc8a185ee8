using Aegis.Storage.Tests.Support;
using Xunit.Abstractions;

namespace Aegis.Storage.Tests;

/// <summary>The storage suite on PostgreSQL, in a fresh database (<see cref="PostgresDatabase.Variable"/> names the server).</summary>
public sealed class PostgresBankStoreTests(PostgresDatabase database, ITestOutputHelper output)
    : BankStoreTests(database, output), IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Opens_postgres_when_a_connection_string_is_given()
    {
        await using var store = await BankStore.OpenAsync(database.Options);

        Assert.True(store.IsPostgres);
    }
}
