using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.Playwright;

namespace Aegis.Console.Tests.Support;

/// <summary>
/// A real <c>aegis serve</c> (a child process on SQLite in a folder of its own, on a free loopback port) and a headless
/// chromium, shared by a test class. Each test takes a fresh browser context (its own cookies) with
/// <see cref="NewPageAsync"/>. However the tests end, the server is killed (<see cref="ServerProcess"/>), the browser
/// and Playwright's driver are closed, and the folder is deleted.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aegis-console-").FullName;
    private ServerProcess? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The server's SQLite folder (open a <see cref="BankStore"/> on it to make users, keys, data).</summary>
    public StorageOptions Storage => new(Path.Combine(_dir, "data"), null);

    public ServerProcess Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(Storage, new Dictionary<string, string>());
        (_playwright, _browser) = await Chromium.LaunchAsync();
    }

    /// <summary>A page in a context of its own (no cookies shared with other tests), its relative URLs on the server.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.Address.ToString() });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_browser is not null)
            {
                await _browser.CloseAsync();
            }
        }
        finally
        {
            _playwright?.Dispose();
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_dir, recursive: true);
        }
    }
}
