using Aegis.Console.Tests.Support;

namespace Aegis.Console.Tests.Protect;

/// <summary>A real <c>aegis serve</c> with the protect page switched off (<c>AEGIS_PROTECT__ENABLED=false</c>).</summary>
public sealed class ProtectOffServer : IAsyncLifetime
{
    private readonly ConsoleFixture _console = new(new Dictionary<string, string> { ["AEGIS_PROTECT__ENABLED"] = "false" });

    /// <summary>The server's address.</summary>
    public Uri Address => _console.Server.Address;

    public Task InitializeAsync() => _console.InitializeAsync();

    public Task DisposeAsync() => _console.DisposeAsync();
}
