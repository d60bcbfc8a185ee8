using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Aegis.Storage;

/// <summary>
/// The statements a page runs, past EF's change tracker: a page writes thousands of rows. On SQLite (in process, one
/// writer) each row is one execution of a prepared statement; on PostgreSQL the rows of a statement go as one
/// <see cref="NpgsqlBatch"/> (one round trip for hundreds of rows). Lists in a query are a JSON array on SQLite
/// (<c>json_each</c>) and an array on PostgreSQL (<c>= ANY</c>).
/// </summary>
internal sealed class ExchangeSql(DbConnection connection, DbTransaction transaction)
{
    /// <summary>Statements per PostgreSQL batch.</summary>
    private const int BatchSize = 500;

    public bool IsPostgres => connection is NpgsqlConnection;

    /// <summary>The connection (for a caller that writes past these helpers, in the same transaction).</summary>
    public DbConnection Connection => connection;

    /// <summary>The transaction.</summary>
    public DbTransaction Transaction => transaction;

    /// <summary>"<paramref name="column"/> is one of the list <paramref name="parameter"/>", in this database's SQL.</summary>
    public string In(string column, string parameter) => IsPostgres ? $"{column} = ANY({parameter})" : $"{column} IN (SELECT value FROM json_each({parameter}))";

    /// <summary>A list parameter for <see cref="In"/>.</summary>
    public object List<T>(IReadOnlyCollection<T> values) => IsPostgres ? values.ToArray() : JsonSerializer.Serialize(values);

    /// <summary>Runs a query and reads each row with <paramref name="read"/>.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>Runs one statement; the rows it affected.</summary>
    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs one statement; its first column of its first row, or null.</summary>
    public async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull ? value : null;
    }

    /// <summary>Runs <paramref name="sql"/> once per row of values (named <paramref name="names"/>); each run's first value, or null.</summary>
    public async Task<List<object?>> RunRowsAsync(string sql, string[] names, IReadOnlyList<object?[]> rows, bool scalar, CancellationToken cancellationToken)
    {
        var results = new List<object?>(rows.Count);
        if (rows.Count == 0)
        {
            return results;
        }

        if (connection is NpgsqlConnection postgres)
        {
            for (var start = 0; start < rows.Count; start += BatchSize)
            {
                await using var batch = new NpgsqlBatch(postgres, (NpgsqlTransaction)transaction);
                foreach (var row in rows.Skip(start).Take(BatchSize))
                {
                    var command = new NpgsqlBatchCommand(sql);
                    for (var i = 0; i < names.Length; i++)
                    {
                        command.Parameters.Add(new NpgsqlParameter(names[i], row[i] ?? DBNull.Value));
                    }

                    batch.BatchCommands.Add(command);
                }

                if (!scalar)
                {
                    await batch.ExecuteNonQueryAsync(cancellationToken);
                    continue;
                }

                await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
                do
                {
                    results.Add(await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) ? reader.GetValue(0) : null);
                }
                while (await reader.NextResultAsync(cancellationToken));
            }

            return results;
        }

        await using var each = Command(sql, [.. names.Select(n => (n, (object?)null))]);
        each.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < names.Length; i++)
            {
                each.Parameters[i].Value = row[i] ?? DBNull.Value;
            }

            if (scalar)
            {
                results.Add(await each.ExecuteScalarAsync(cancellationToken) is { } value and not DBNull ? value : null);
            }
            else
            {
                await each.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        return results;
    }

    /// <summary>A value read as a long (SQLite gives long, PostgreSQL the column's type).</summary>
    public static long Long(object value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private DbCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>True when <paramref name="connection"/> is SQLite (for callers that pick SQL by database).</summary>
    public static bool IsSqlite(DbConnection connection) => connection is SqliteConnection;
}
