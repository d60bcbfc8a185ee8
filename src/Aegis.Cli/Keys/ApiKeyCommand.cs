using System.CommandLine;
using System.Globalization;
using Aegis.Storage;
using Spectre.Console;

namespace Aegis.Cli.Keys;

/// <summary><c>aegis apikey create|list|revoke</c>: the keys the HTTP API accepts (only their hashes are stored); making and revoking one is audited.</summary>
internal static class ApiKeyCommand
{
    public static Command Create()
    {
        var command = new Command("apikey", "Create, list and revoke API keys for aegis serve.");
        command.Add(CreateCommand());
        command.Add(ListCommand());
        command.Add(RevokeCommand());
        return command;
    }

    private static Command CreateCommand()
    {
        var name = new Argument<string>("name") { Description = "A unique name for the key (who uses it)." };
        var role = new Option<ApiKeyRole>("--role") { Description = "platform (gate and lookups), curator (banks), reviewer, seniorreviewer, trustedflagger, subscriber (reads the hash feed) or admin (everything).", Required = true };
        var store = new StoreOptions();
        var command = new Command("create", "Create a key; it is printed once and never stored.") { name, role };
        store.AddTo(command);
        command.SetStoreAction(store, async (parse, banks, output, error, ct) =>
        {
            var made = await new ApiKeyStore(banks).CreateAsync(parse.GetRequiredValue(name), parse.GetValue(role), Actor, ct);
            await output.WriteLineAsync(made.Secret);
            await error.WriteLineAsync($"created API key '{made.Key.Name}' ({made.Key.Role.ToString().ToLowerInvariant()}); the key above is shown only now.");
            return AegisCli.Success;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var store = new StoreOptions();
        var command = new Command("list", "List the keys (never their secrets).");
        store.AddTo(command);
        command.SetStoreAction(store, async (_, banks, output, _, ct) =>
        {
            var table = new Table().AddColumns("name", "role", "created", "revoked");
            foreach (var key in await new ApiKeyStore(banks).ListAsync(ct))
            {
                table.AddRow(
                    Markup.Escape(key.Name),
                    key.Role.ToString().ToLowerInvariant(),
                    key.CreatedAt.ToString("u", CultureInfo.InvariantCulture),
                    key.RevokedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-");
            }

            Tables.Write(output, table);
            return AegisCli.Success;
        });
        return command;
    }

    private static Command RevokeCommand()
    {
        var name = new Argument<string>("name") { Description = "The key's name." };
        var store = new StoreOptions();
        var command = new Command("revoke", "Revoke a key: refused everywhere within 5 seconds.") { name };
        store.AddTo(command);
        command.SetStoreAction(store, async (parse, banks, output, _, ct) =>
        {
            var key = await new ApiKeyStore(banks).RevokeAsync(parse.GetRequiredValue(name), Actor, ct);
            await output.WriteLineAsync($"revoked API key '{key.Name}'");
            return AegisCli.Success;
        });
        return command;
    }

    /// <summary>Who the audit log says made or revoked a key from the command line.</summary>
    private static string Actor => $"cli:{Environment.UserName}";
}
