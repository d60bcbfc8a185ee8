using Aegis.Fakes;
using Aegis.Fakes.Ncmec;
using Aegis.Storage;

namespace Aegis.Server.Tests.Support;

/// <summary>
/// A database with a key of each role, a fake of NCMEC's reporting API (its expiry window on a clock the test moves),
/// and a server that reports to it: retries fast, automatic submission for exact matches against the stand-in bank
/// <see cref="NcmecBank"/> (benign images' hashes standing in for NCMEC's list).
/// </summary>
public abstract class CyberTipFixture : IAsyncLifetime
{
    /// <summary>The bank whose entries stand in for NCMEC-sourced hashes (automatic submission).</summary>
    public const string NcmecBank = "ncmec-stand-in";

    /// <summary>The reporting person's email the server is configured with.</summary>
    public const string ReporterEmail = "safety@platform.example";

    /// <summary>Where the platform shows an item (each file's location in a report).</summary>
    public const string ContentUrl = "https://platform.example/p/{content_id}";

    private TestDatabase? _database;
    private RunningServer? _server;
    private FakeNcmec? _ncmec;

    public TestDatabase Database => _database ?? throw new InvalidOperationException("Not started.");

    public RunningServer Server => _server ?? throw new InvalidOperationException("Not started.");

    public FakeNcmec Ncmec => _ncmec ?? throw new InvalidOperationException("Not started.");

    /// <summary>The fake NCMEC's clock (its 24 h / 1 h windows for unfinished reports).</summary>
    public ManualClock NcmecClock { get; } = new(DateTimeOffset.UtcNow);

    public string Platform { get; private set; } = "";

    public string Curator { get; private set; } = "";

    public string Reviewer { get; private set; } = "";

    public string SeniorReviewer { get; private set; } = "";

    protected abstract Task<TestDatabase> CreateDatabaseAsync();

    /// <summary>The server's settings for the fake (also as environment variables for an <c>aegis serve</c> process).</summary>
    public Dictionary<string, string> Environment() => new()
    {
        ["AEGIS_CYBERTIP__BASEURL"] = Ncmec.BaseUrl.ToString(),
        ["AEGIS_CYBERTIP__USERNAME"] = Ncmec.Username,
        ["AEGIS_CYBERTIP__PASSWORD"] = Ncmec.Password,
        ["AEGIS_CYBERTIP__REPORTER__EMAIL"] = ReporterEmail,
        ["AEGIS_CYBERTIP__REPORTER__COMPANY"] = "Example Platform",
        ["AEGIS_CYBERTIP__CONTENTURL"] = ContentUrl,
        ["AEGIS_CYBERTIP__AUTOSUBMIT"] = "true",
        ["AEGIS_CYBERTIP__AUTOSUBMITBANKS"] = NcmecBank,
        ["AEGIS_CYBERTIP__RETRYSECONDS"] = "0.05",
        ["AEGIS_CYBERTIP__POLLMILLISECONDS"] = "50",
        ["AEGIS_CYBERTIP__TIMEOUTSECONDS"] = "30",
        ["AEGIS_CYBERTIP__LEASESECONDS"] = "60",
    };

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        _ncmec = await FakeNcmec.StartAsync(NcmecClock);
        await using (var store = await BankStore.OpenAsync(Database.Options))
        {
            var keys = new ApiKeyStore(store);
            Platform = (await keys.CreateAsync("platform", ApiKeyRole.Platform)).Secret;
            Curator = (await keys.CreateAsync("curator", ApiKeyRole.Curator)).Secret;
            Reviewer = (await keys.CreateAsync("reviewer-ana", ApiKeyRole.Reviewer)).Secret;
            SeniorReviewer = (await keys.CreateAsync("senior-ben", ApiKeyRole.SeniorReviewer)).Secret;
        }

        _server = await RunningServer.StartAsync(Database.Options, Configure);
    }

    /// <summary>The server's CyberTip settings, as <see cref="Environment"/> gives them.</summary>
    public void Configure(Hosting.ServerOptions options)
    {
        var o = options.CyberTip;
        (o.BaseUrl, o.Username, o.Password) = (Ncmec.BaseUrl.ToString(), Ncmec.Username, Ncmec.Password);
        (o.Reporter.Email, o.Reporter.Company, o.ContentUrl) = (ReporterEmail, "Example Platform", ContentUrl);
        (o.AutoSubmit, o.AutoSubmitBanks) = (true, NcmecBank);
        (o.RetrySeconds, o.PollMilliseconds, o.TimeoutSeconds, o.LeaseSeconds) = (0.05, 50, 30, 60);
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }

            if (_ncmec is not null)
            {
                await _ncmec.DisposeAsync();
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

public sealed class SqliteCyberTipFixture : CyberTipFixture
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresCyberTipFixture : CyberTipFixture
{
    protected override Task<TestDatabase> CreateDatabaseAsync() => TestDatabase.PostgresAsync();
}
