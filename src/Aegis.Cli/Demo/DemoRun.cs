using System.Diagnostics;
using System.Globalization;
using Aegis.Server.Evidence;
using Aegis.Server.Gate;
using Aegis.Server.Hosting;
using Aegis.Server.Matching;
using Aegis.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Cli.Demo;

/// <summary>
/// <c>aegis serve --demo</c>: a demo data set in a folder of its own (never the real data), seeded once and kept: the
/// stand-in banks and the users before the server starts (the users' passwords new at every start), the platform's
/// story (<see cref="DemoScenario"/>) once it listens, through the server's own services, its clock set back so the
/// story spans the last six hours (<see cref="DemoClock"/>).
/// </summary>
internal sealed class DemoRun : IDisposable
{
    /// <summary>Where the demo keeps its data when <c>--data</c> is not given (relative to the working directory).</summary>
    public const string DefaultDataDirectory = "aegis-demo-data";

    /// <summary>The longest the story waits for the banks and the content index to load (they take well under a second here).</summary>
    private static readonly TimeSpan LoadWait = TimeSpan.FromMinutes(2);

    /// <summary>The file whose lock says a demo server uses the folder, in the folder.</summary>
    private const string LockFile = "demo.lock";

    private readonly FileStream _lock;
    private TimeSpan _seeded;

    private DemoRun(FileStream folderLock, DemoClock clock, DemoState state, IReadOnlyList<(string Name, ApiKeyRole Role, string Password)> users)
    {
        _lock = folderLock;
        Clock = clock;
        State = state;
        Users = users;
    }

    /// <summary>What the data folder held of the story when the server started.</summary>
    public enum DemoState
    {
        /// <summary>None of it: it is written at this start.</summary>
        Fresh,

        /// <summary>All of it: nothing is added.</summary>
        Complete,

        /// <summary>Part of it (an earlier start was stopped while seeding): nothing is added, and the user is told.</summary>
        Partial,
    }

    /// <summary>The server's clock: behind while the story is written, the system's after.</summary>
    public DemoClock Clock { get; }

    public DemoState State { get; }

    public IReadOnlyList<(string Name, ApiKeyRole Role, string Password)> Users { get; }

    /// <summary>
    /// The demo's settings (its own SQLite folder, whatever <c>AEGIS_DATA</c> or <c>AEGIS_POSTGRES</c> say; the vault
    /// fetching from the demo platform), then its banks, users and evidence key, before the server opens the store.
    /// </summary>
    /// <param name="options">The loaded settings; changed here.</param>
    /// <param name="data">The <c>--data</c> given, or null for <see cref="DefaultDataDirectory"/>.</param>
    /// <param name="cancellationToken">Cancels the preparation.</param>
    public static async Task<DemoRun> PrepareAsync(ServerOptions options, string? data, CancellationToken cancellationToken)
    {
        options.Data = Path.GetFullPath(data ?? DefaultDataDirectory);
        options.Postgres = null;
        DemoMedia.AllowFetches(options);

        var folderLock = Lock(options.Data);
        try
        {
            var clock = new DemoClock();
            await using var store = await BankStore.OpenAsync(new StorageOptions(options.Data, null), clock, cancellationToken);
            var contents = new ContentStore(store);
            var state = await contents.FindAsync(DemoScenario.FirstUpload, cancellationToken) is null ? DemoState.Fresh
                : await contents.FindAsync(DemoScenario.LastUpload, cancellationToken) is null ? DemoState.Partial
                : DemoState.Complete;
            if (state == DemoState.Fresh)
            {
                clock.Start(DemoScenario.Length);
            }

            await DemoSetup.EnsureBanksAsync(store, cancellationToken);
            var users = await DemoSetup.UsersAsync(store, cancellationToken);
            EvidenceKeys.Load(options, clock); // made now if missing, so the server does not warn that it made one: demo data needs no backup
            return new DemoRun(folderLock, clock, state, users);
        }
        catch
        {
            await folderLock.DisposeAsync();
            throw;
        }
    }

    /// <summary>Lets the folder go (another demo server may use it).</summary>
    public void Dispose() => _lock.Dispose();

    /// <summary>Serves the demo platform's media; before the server starts.</summary>
    public static void Map(WebApplication app) => DemoMedia.Map(app);

    /// <summary>
    /// Once the server listens: the vault pointed at the demo platform, then the story written if the folder had none of
    /// it (after the banks and the content index are loaded), and the clock caught up. A stop (Ctrl-C, kill) meanwhile
    /// ends it early; a failure is said in one line on <paramref name="error"/>.
    /// </summary>
    /// <returns>False when the story could not be written (the server should stop).</returns>
    public async Task<bool> SeedAsync(WebApplication app, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var options = app.Services.GetRequiredService<ServerOptions>();
        DemoMedia.PointFetchesAt(options, app.Urls.First());
        if (State != DemoState.Fresh)
        {
            return true;
        }

        await output.WriteLineAsync($"aegis serve: writing the demo data set into {options.Data}...");
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, app.Lifetime.ApplicationStopping);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await WriteStoryAsync(app, options, stopping.Token);
            _seeded = Stopwatch.GetElapsedTime(started);
            return true;
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return true; // stopping: the server stops as at any other time
        }
        catch (Exception e) when (e is InvalidOperationException or BankStoreException or GateException)
        {
            await error.WriteLineAsync($"aegis serve: the demo data could not be written: {e.Message}");
            return false;
        }
        finally
        {
            Clock.MoveTo(TimeSpan.Zero); // however the story ended, the server goes on in the present
        }
    }

    private async Task WriteStoryAsync(WebApplication app, ServerOptions options, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var host = app.Services.GetRequiredService<MatcherHost>();
        var index = app.Services.GetRequiredService<ContentIndex>();
        while (!host.Ready || !index.AllCurrent)
        {
            if (Stopwatch.GetElapsedTime(started) > LoadWait)
            {
                throw new InvalidOperationException($"the banks and the content index were not loaded after {LoadWait.TotalSeconds} s (see the log above).");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
        }

        var seeder = new DemoSeeder(app.Services, Clock);
        await DemoScenario.RunAsync(seeder, cancellationToken);
        if (seeder.Unpreserved.Count > 0)
        {
            throw new InvalidOperationException(
                $"the vault did not fetch {string.Join(", ", seeder.Unpreserved)} from the demo platform ({options.Evidence.FetchUrl.Default}) in time.");
        }
    }

    /// <summary>The block a newcomer reads: where to go, who to sign in as, what the pictures are, how to stop.</summary>
    public async Task PrintAsync(WebApplication app, TextWriter output)
    {
        var queue = await app.Services.GetRequiredService<CaseStore>().ListAsync(limit: 1000);
        var url = Browsable(app.Urls.First());
        var pid = Environment.ProcessId;
        var width = Users.Max(u => u.Name.Length) + 2;
        var roleWidth = Users.Max(u => UserRoles.Name(u.Role).Length) + 2;
        var lines = new List<string>
        {
            "",
            $"Aegis demo: open {url} in a browser and sign in as one of these users (new passwords at every start):",
        };
        lines.AddRange(Users.Select(u => $"  {u.Name.PadRight(width)}{UserRoles.Name(u.Role).PadRight(roleWidth)}{u.Password}"));
        lines.Add(State switch
        {
            DemoState.Fresh => $"The review queue has {queue.Count} open cases, seeded in {_seeded.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s.",
            DemoState.Complete => $"The review queue has {queue.Count} open cases (the demo data was already there: nothing added).",
            _ => $"The review queue has {queue.Count} open cases. The demo data is incomplete (an earlier start was stopped while seeding it): " +
                 "stop, delete the data folder and start again for all of it.",
        });
        lines.Add("Every picture is a BENIGN STAND-IN (sample photographs and drawn shapes), NOT abuse material;");
        lines.Add($"the banks {DemoSetup.BlockBank} and {DemoSetup.HoldBank} hold sample photographs' hashes to show how matches look.");
        lines.Add($"Demo data: {app.Services.GetRequiredService<ServerOptions>().Data} (delete it to start afresh).");
        lines.Add($"Stop the server with Ctrl-C, or: kill {pid}");
        foreach (var line in lines)
        {
            await output.WriteLineAsync(line);
        }
    }

    /// <summary>
    /// One demo server a folder, for as long as it runs: a second would reset the first's passwords and write the story
    /// twice. The lock is the operating system's (released however the process ends).
    /// </summary>
    /// <exception cref="InvalidOperationException">Another demo server holds it.</exception>
    private static FileStream Lock(string folder)
    {
        Directory.CreateDirectory(folder);
        try
        {
            return new FileStream(Path.Combine(folder, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException($"another aegis serve --demo is using {folder}: stop it first, or give this one another --data folder.", e);
        }
    }

    /// <summary>The address a browser on this machine opens: a wildcard host is 127.0.0.1.</summary>
    private static string Browsable(string listening)
    {
        var uri = new Uri(listening);
        return uri.Host is "0.0.0.0" or "[::]" or "::" ? $"{uri.Scheme}://127.0.0.1:{uri.Port}/" : $"{listening.TrimEnd('/')}/";
    }
}
