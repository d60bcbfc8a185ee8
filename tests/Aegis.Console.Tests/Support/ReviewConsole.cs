using Aegis.Cli.Demo;
using Aegis.Core.Cases;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.Playwright;
using OtpNet;

namespace Aegis.Console.Tests.Support;

/// <summary>
/// A review console with work in it, shared by a test class: a real <c>aegis serve</c> (<see cref="ConsoleFixture"/>)
/// with the demo's stand-in banks, whose webhooks go to a receiver and whose evidence vault fetches reported items from
/// the platform's media server; API keys for the platform, a hotline and an admin; and <see cref="ConsoleStory"/> told
/// through the API, every reported item preserved. Console users are made by each test (<see cref="UserAsync"/>), with
/// names of its own, so that tests sharing the server do not meet.
/// </summary>
public sealed class ReviewConsole : IAsyncLifetime
{
    public const string Password = "correct horse battery";

    /// <summary>
    /// How long a reveal lasts here: the longest allowed, so that a busy machine still finds the revealed media on the page;
    /// a test that wants the blur back moves the page's clock instead of waiting.
    /// </summary>
    public const int RevealSeconds = 30;

    private readonly WebhookReceiver _webhooks = new("console-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly FakePlatformMedia _media = new();
    private readonly ConsoleFixture _console;
    private BankStore? _store;
    private Platform? _platform;
    private IReadOnlyDictionary<string, long>? _cases;
    private int _disposed;

    public ReviewConsole() =>
        _console = new ConsoleFixture(new Dictionary<string, string>
        {
            ["AEGIS_WEBHOOKS__URL"] = _webhooks.Address.ToString(),
            ["AEGIS_WEBHOOKS__SECRET"] = _webhooks.Secret,
            ["AEGIS_EVIDENCE__FETCHURL__DEFAULT"] = _media.Template,
            ["AEGIS_EVIDENCE__FETCHHOSTS"] = "127.0.0.1",
            ["AEGIS_EVIDENCE__FETCHPRIVATEADDRESSES"] = "true",
            ["AEGIS_CONSOLE__REVEALSECONDS"] = RevealSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    /// <summary>What the platform was told, signed and checked.</summary>
    public WebhookReceiver Webhooks => _webhooks;

    public Platform Platform => _platform ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>The case of each item the story reported or the gate held or blocked, by content id.</summary>
    public IReadOnlyDictionary<string, long> Cases => _cases ?? throw new InvalidOperationException("The fixture has not started.");

    public ServerProcess Server => _console.Server;

    /// <summary>A page in a browser context of its own (no session), 1280×800.</summary>
    public Task<IPage> NewPageAsync() => _console.NewPageAsync();

    public async Task InitializeAsync()
    {
        try
        {
            // Keys and banks before the server starts, as an operator makes them (`aegis apikey create`, the demo's banks).
            _store = await BankStore.OpenAsync(_console.Storage);
            var keys = new ApiKeyStore(_store);
            var platform = (await keys.CreateAsync("platform", ApiKeyRole.Platform)).Secret;
            var hotline = (await keys.CreateAsync("hotline", ApiKeyRole.TrustedFlagger)).Secret;
            var admin = (await keys.CreateAsync("ops", ApiKeyRole.Admin)).Secret;
            await DemoSetup.EnsureBanksAsync(_store, CancellationToken.None);
            await _console.InitializeAsync();
            _platform = new Platform(_console.Server, _media, platform, hotline, admin);
            _cases = await ConsoleStory.TellAsync(_platform);
        }
        catch
        {
            await DisposeAsync(); // the server, the browser and the listeners are gone however the start failed
            throw;
        }
    }

    /// <summary>Makes a console user with <see cref="Password"/> (and these queues, or the role's); returns the name.</summary>
    public async Task<string> UserAsync(string name, ApiKeyRole role, IReadOnlyCollection<ReviewQueue>? queues = null)
    {
        await new UserStore(Store).CreateAsync(name, role, Password, "test", queues);
        return name;
    }

    /// <summary>Makes a console user with a confirmed TOTP secret; returns the authenticator that makes their codes.</summary>
    public async Task<Totp> UserWithTotpAsync(string name, ApiKeyRole role)
    {
        var users = new UserStore(Store);
        await users.CreateAsync(name, role, Password, "test");
        var totp = new Totp(Base32Encoding.ToBytes((await users.EnrolTotpAsync(name)).Secret));
        // Confirmed with the last step's code, so that the current one is still unused for the sign-in.
        Assert.True(await users.ConfirmTotpAsync(name, totp.ComputeTotp(DateTime.UtcNow.AddSeconds(-30)), "test"));
        return totp;
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
            _platform?.Dispose();
            if (_store is not null)
            {
                await _store.DisposeAsync();
            }

            await _console.DisposeAsync();
        }
        finally
        {
            await _webhooks.DisposeAsync();
            await _media.DisposeAsync();
        }
    }

    private BankStore Store => _store ?? throw new InvalidOperationException("The fixture has not started.");
}
