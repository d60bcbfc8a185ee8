using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Aegis.Storage.Model;

/// <summary>
/// Sets the per-connection SQLite settings on every open: <c>synchronous=NORMAL</c>, which in WAL mode (set once per
/// database at open) keeps the database consistent on power loss and makes each commit one write, not two fsyncs; and
/// <c>busy_timeout</c>, so that a writer waiting for another's lock is woken within milliseconds of its release.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public static readonly SqlitePragmas Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(
        DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default) =>
        ApplyAsync(connection, cancellationToken);

    // busy_timeout: a writer that finds the database locked waits in SQLite's own handler (sleeps of 1–100 ms), not in
    // Microsoft.Data.Sqlite's retry loop, which sleeps 150 ms a try: with concurrent uploads that was every p99.
    private static readonly string Sql =
        $"PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = {ContextOptions.CommandTimeoutSeconds * 1000};";

    /// <summary>Applies the settings to a connection opened without a context (<see cref="BankStore.OpenConnectionAsync"/>).</summary>
    public static async Task ApplyAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }
}
