using System.Net;
using System.Net.Sockets;
using Aegis.Server.Hosting;
using Aegis.Server.Tests.Support;

namespace Aegis.Server.Tests.Limits;

/// <summary>
/// What an attacker probing <c>aegis serve</c> runs into: slow bodies, key guessing, per-key rates, and the metrics
/// that count it all. Each test starts a server with the settings it is about (on the class's SQLite database).
/// </summary>
[Collection("sqlite-server")]
public sealed partial class LimitsTests(SqliteServerFixture fixture) : IClassFixture<SqliteServerFixture>
{
    private ServerFixture Fixture => fixture;

    private Task<RunningServer> StartAsync(Action<ServerOptions> configure) => RunningServer.StartAsync(fixture.Database.Options, configure);

    /// <summary>A client whose connections come from <paramref name="from"/> (any 127.x.y.z address is the loopback on Linux).</summary>
    private static HttpClient ClientFrom(RunningServer server, string from, string? key)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        var client = new HttpClient(handler) { BaseAddress = server.Address, Timeout = Waits.HangGuard };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }
}
