using System.CommandLine;
using Aegis.Storage;

namespace Aegis.Cli;

/// <summary>The <c>--data DIR</c> / <c>--postgres "…"</c> pair every command that reads banks takes.</summary>
internal sealed class StoreOptions
{
    private readonly Option<string?> _data = new("--data")
    {
        Description = $"SQLite data directory (default: $AEGIS_DATA or ./{StorageOptions.DefaultDataDirectory}).",
    };

    private readonly Option<string?> _postgres = new("--postgres")
    {
        Description = "PostgreSQL connection string (default: $AEGIS_POSTGRES); replaces --data.",
    };

    public void AddTo(Command command)
    {
        command.Add(_data);
        command.Add(_postgres);
    }

    /// <summary>
    /// The server's settings (a <c>--config</c> file, <c>AEGIS_*</c>) on this command's store, for the commands that work
    /// as a server would (the evidence vault's keys and folder, the CyberTipline reporter).
    /// </summary>
    /// <exception cref="ArgumentException">A setting is not valid.</exception>
    public Server.Hosting.ServerOptions ServerSettings(ParseResult parse, string? config)
    {
        var storage = Read(parse);
        var overrides = new Dictionary<string, string?> { ["Data"] = storage.DataDirectory };
        if (storage.PostgresConnectionString is { } postgres)
        {
            overrides["Postgres"] = postgres;
        }

        return Server.Hosting.AegisServer.LoadOptions(config, overrides);
    }

    public StorageOptions Read(ParseResult parse) => new(
        parse.GetValue(_data) ?? Environment.GetEnvironmentVariable("AEGIS_DATA") ?? StorageOptions.DefaultDataDirectory,
        parse.GetValue(_postgres) ?? Environment.GetEnvironmentVariable("AEGIS_POSTGRES"));
}
