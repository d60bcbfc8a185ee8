using System.CommandLine;
using Aegis.Cli.Demo;
using Aegis.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Hosting;

namespace Aegis.Cli.Serve;

/// <summary>
/// <c>aegis serve</c>: the upload gate and bank curation over HTTP. With no options: SQLite in <c>./aegis-data</c>,
/// listening on 127.0.0.1:8080. Settings come from <c>--config FILE</c> (JSON), <c>AEGIS_*</c> environment variables
/// and the options here, in rising precedence; a bad one stops the start with a message that names it. <c>--demo</c>
/// serves a demo data set in a folder of its own (<see cref="DemoRun"/>).
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var urls = new Option<string?>("--urls") { Description = "Where to listen (default http://127.0.0.1:8080; ';' between several)." };
        var data = new Option<string?>("--data") { Description = "SQLite data directory (default: $AEGIS_DATA or ./aegis-data)." };
        var postgres = new Option<string?>("--postgres") { Description = "PostgreSQL connection string (default: $AEGIS_POSTGRES); replaces --data." };
        var config = new Option<string?>("--config") { Description = "A JSON settings file (see docs/operations.md)." };
        var demo = new Option<bool>("--demo")
        {
            Description = $"Serve a demo data set (benign stand-in images, users for each role with printed passwords, a review queue) in ./{DemoRun.DefaultDataDirectory} or --data; made once, kept after.",
        };
        var command = new Command("serve", "Run the HTTP server: the upload gate, hash lookups, bank curation, metrics.") { urls, data, postgres, config, demo };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var output = parse.InvocationConfiguration.Output;
            var overrides = new Dictionary<string, string?>();
            void Set(string key, string? value)
            {
                if (value is not null)
                {
                    overrides[key] = value;
                }
            }

            Set("Urls", parse.GetValue(urls));
            Set("Data", parse.GetValue(data));
            Set("Postgres", parse.GetValue(postgres));
            if (parse.GetValue(demo) && parse.GetValue(postgres) is not null)
            {
                await error.WriteLineAsync($"aegis serve: --demo keeps its data in a folder of its own (--data, default ./{DemoRun.DefaultDataDirectory}), never in PostgreSQL: leave out --postgres.");
                return AegisCli.UsageError;
            }

            WebApplication app;
            ServerOptions options;
            DemoRun? demoRun = null;
            try
            {
                options = AegisServer.LoadOptions(parse.GetValue(config), overrides);
                if (parse.GetValue(demo))
                {
                    demoRun = await DemoRun.PrepareAsync(options, parse.GetValue(data), cancellationToken);
                }

                app = await AegisServer.CreateAsync(options, demoRun?.Clock, cancellationToken);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException or FormatException or Storage.BankStoreException
                                          or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException)
            {
                await error.WriteLineAsync($"aegis serve: cannot start: {e.Message}");
                return AegisCli.UsageError;
            }

            using var demoFolder = demoRun; // held until the server stops
            await using (app)
            {
                if (demoRun is not null)
                {
                    DemoRun.Map(app);
                }

                try
                {
                    await app.StartAsync(cancellationToken);
                }
                catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
                {
                    // Kestrel could not listen (the port is taken: IOException; the address is not this machine's: SocketException):
                    // one line, and the workers that had started are stopped as at any shutdown (not torn down by disposal, which
                    // logs them as crashed).
                    await error.WriteLineAsync(ListenFailure.Describe(e, options.Urls));
                    await app.StopAsync(CancellationToken.None);
                    return AegisCli.UsageError;
                }

                if (demoRun is not null && !await demoRun.SeedAsync(app, output, error, cancellationToken))
                {
                    await app.StopAsync(CancellationToken.None);
                    return AegisCli.SomeFailed;
                }

                var pid = Environment.ProcessId;
                if (!app.Lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    await output.WriteLineAsync($"aegis serve: listening on {string.Join(' ', app.Urls)} (PID {pid}; stop with Ctrl-C or kill {pid})");
                    if (demoRun is not null)
                    {
                        await demoRun.PrintAsync(app, output);
                    }
                }

                await app.WaitForShutdownAsync(cancellationToken);
            }

            await output.WriteLineAsync("aegis serve: stopped");
            return AegisCli.Success;
        });
        return command;
    }
}
