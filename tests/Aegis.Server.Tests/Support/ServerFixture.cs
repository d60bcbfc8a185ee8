using Aegis.Storage;

namespace Aegis.Server.Tests.Support;

/// <summary>One database with a key of each role, and a server on it, shared by a test class.</summary>
public abstract class ServerFixture : IAsyncLifetime
{
    private TestDatabase? _database;
    private RunningServer? _server;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Not started.");

    public RunningServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public string Admin { get; private set; } = "";

    public string Platform { get; private set; } = "";

    public string Curator { get; private set; } = "";

    public string Revoked { get; private set; } = "";

    public string Reviewer { get; private set; } = "";

    public string SeniorReviewer { get; private set; } = "";

    public string Flagger { get; private set; } = "";

    /// <summary>Another platform's Aegis subscribed to the hash feed.</summary>
    public string Subscriber { get; private set; } = "";

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        await using (var store = await BankStore.OpenAsync(Database.Options))
        {
            var keys = new ApiKeyStore(store);
            Admin = (await keys.CreateAsync("admin", ApiKeyRole.Admin)).Secret;
            Platform = (await keys.CreateAsync("platform", ApiKeyRole.Platform)).Secret;
            Curator = (await keys.CreateAsync("curator", ApiKeyRole.Curator)).Secret;
            Revoked = (await keys.CreateAsync("revoked", ApiKeyRole.Admin)).Secret;
            Reviewer = (await keys.CreateAsync("reviewer-ana", ApiKeyRole.Reviewer)).Secret;
            SeniorReviewer = (await keys.CreateAsync("senior-ben", ApiKeyRole.SeniorReviewer)).Secret;
            Flagger = (await keys.CreateAsync("hotline", ApiKeyRole.TrustedFlagger)).Secret;
            Subscriber = (await keys.CreateAsync("platform-b", ApiKeyRole.Subscriber)).Secret;
            await keys.RevokeAsync("revoked");
        }

        _server = await RunningServer.StartAsync(Database.Options);
    }

    /// <summary>Stops the server and starts a new one on the same database (a restart).</summary>
    public async Task RestartAsync()
    {
        var stopping = Server;
        _server = null;
        await stopping.DisposeAsync();
        _server = await RunningServer.StartAsync(Database.Options);
    }

    /// <summary>Stops the server and drops the database, whatever of them was started.</summary>
    public async Task DisposeAsync()
    {
        try
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
        finally
        {
            if (_database is not null)
            {
                await _database.DisposeAsync();
            }
        }
    }
}

public sealed class SqliteServerFixture : ServerFixture
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresServerFixture : ServerFixture
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();
}
