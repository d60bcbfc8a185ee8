using Aegis.Storage;

namespace Aegis.Server.Tests.Support;

/// <summary>A fresh database of a test's own with a platform, a curator and a reviewer key (a server alone on it holds every content partition).</summary>
public sealed class KeyedDatabase : IAsyncDisposable
{
    private KeyedDatabase(TestDatabase database, string platform, string curator, string reviewer)
    {
        Database = database;
        Platform = platform;
        Curator = curator;
        Reviewer = reviewer;
    }

    public TestDatabase Database { get; }

    public StorageOptions Options => Database.Options;

    public string Platform { get; }

    public string Curator { get; }

    public string Reviewer { get; }

    public static async Task<KeyedDatabase> CreateAsync(bool postgres)
    {
        var database = postgres ? await TestDatabase.PostgresAsync() : TestDatabase.Sqlite();
        try
        {
            await using var store = await BankStore.OpenAsync(database.Options);
            var keys = new ApiKeyStore(store);
            return new KeyedDatabase(
                database, (await keys.CreateAsync("platform", ApiKeyRole.Platform)).Secret, (await keys.CreateAsync("curator", ApiKeyRole.Curator)).Secret,
                (await keys.CreateAsync("reviewer", ApiKeyRole.Reviewer)).Secret);
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
