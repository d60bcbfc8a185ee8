using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Aegis.Storage.Model;

/// <summary>
/// Sets the per-connection SQLite settings on every open: <c>synchronous=NORMAL</c>, which in WAL mode (set once per
/// database at open) keeps the database consistent on power loss and makes each commit one write, not two fsyncs.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private const string Sql = "PRAGMA synchronous = NORMAL;";

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }
}
