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
    /// <summary>The window the pages are drawn in (and the README's screenshots taken at).</summary>
    public static readonly ViewportSize Viewport = new() { Width = 1280, Height = 800 };

    private readonly string _dir = Directory.CreateTempSubdirectory("aegis-console-").FullName;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private ServerProcess? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private int _disposed;

    public ConsoleFixture()
        : this(new Dictionary<string, string>())
    {
    }

    /// <param name="settings">The server's environment (<c>AEGIS_*</c> settings).</param>
    /// <remarks>Internal: xunit makes a class fixture through its one public constructor.</remarks>
    internal ConsoleFixture(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    /// <summary>The server's SQLite folder (open a <see cref="BankStore"/> on it to make users, keys, data).</summary>
    public StorageOptions Storage => new(Path.Combine(_dir, "data"), null);

    public ServerProcess Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync()
    {
        // Playwright's own waits (5 s for an assertion, 30 s for an action) are speed claims; a busy machine gets the hang guard.
        Assertions.SetDefaultExpectTimeout((float)Waits.HangGuard.TotalMilliseconds);
        _server = await ServerProcess.StartAsync(Storage, _settings);
        try
        {
            (_playwright, _browser) = await Chromium.LaunchAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>A page in a context of its own (no cookies shared with other tests), its relative URLs on the server, 1280×800.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.Address.ToString(), ViewportSize = Viewport });
        context.SetDefaultTimeout((float)Waits.HangGuard.TotalMilliseconds);
        return await context.NewPageAsync();
    }

    /// <summary>Stops everything it started; once (a start that failed has done it already).</summary>
    public async Task DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

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
