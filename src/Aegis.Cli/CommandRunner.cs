using System.CommandLine;
using Aegis.Storage;

namespace Aegis.Cli;

/// <summary>Runs a store-backed command body, turning store errors into a message and exit code 2.</summary>
internal static class CommandRunner
{
    public static void SetStoreAction(this Command command, StoreOptions store, Func<ParseResult, BankStore, TextWriter, TextWriter, CancellationToken, Task<int>> body)
    {
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            try
            {
                await using var bankStore = await BankStore.OpenAsync(store.Read(parse), cancellationToken: cancellationToken);
                return await body(parse, bankStore, output, error, cancellationToken);
            }
            catch (BankStoreException e)
            {
                await error.WriteLineAsync($"aegis {command.Name}: {e.Message}");
                return AegisCli.UsageError;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Npgsql.NpgsqlException or Microsoft.Data.Sqlite.SqliteException)
            {
                await error.WriteLineAsync($"aegis {command.Name}: cannot use the store: {e.Message}");
                return AegisCli.UsageError;
            }
        });
    }
}
