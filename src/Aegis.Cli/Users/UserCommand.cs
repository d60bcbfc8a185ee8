using System.CommandLine;
using System.Globalization;
using Aegis.Core.Cases;
using Aegis.Core.Users;
using Aegis.Storage;
using Spectre.Console;

namespace Aegis.Cli.Users;

/// <summary>
/// <c>aegis user create|list|disable|enable|reset-password|set-queues</c>: the review console's local accounts. A password
/// is printed once (generated) or read from standard input (<c>--password-stdin</c>); only its hash is stored.
/// </summary>
internal static class UserCommand
{
    public static Command Create()
    {
        var command = new Command("user", "Create, list, disable and enable review console users, and reset their passwords.");
        command.Add(CreateCommand());
        command.Add(ListCommand());
        command.Add(DisableCommand("disable", disabled: true));
        command.Add(DisableCommand("enable", disabled: false));
        command.Add(ResetPasswordCommand());
        command.Add(SetQueuesCommand());
        return command;
    }

    private static Command CreateCommand()
    {
        var name = NameArgument();
        var role = new Option<string>("--role") { Description = "reviewer, senior-reviewer, curator or admin.", Required = true };
        role.AcceptOnlyFromAmong([.. UserRoles.All.Select(UserRoles.Name)]);
        var stdin = PasswordStdin();
        var queues = new Option<string>("--queues")
        {
            Description = $"The review queues they work, comma-separated ({ReviewQueues.Names}), or none; the role's default when left out.",
        };
        var store = new StoreOptions();
        var command = new Command("create", "Create a user; a generated password is printed once (or give one with --password-stdin).") { name, role, stdin, queues };
        store.AddTo(command);
        command.SetStoreAction(store, async (parse, banks, output, error, ct) =>
        {
            var given = parse.GetValue(queues) is { } text ? Queues("--queues", text) : null;
            var (password, generated) = await PasswordAsync(parse.GetValue(stdin));
            var user = await new UserStore(banks).CreateAsync(parse.GetRequiredValue(name), UserRoles.Parse(parse.GetRequiredValue(role))!.Value, password, Actor, given, ct);
            if (generated)
            {
                await output.WriteLineAsync(password);
            }

            await error.WriteLineAsync($"created user '{user.Name}' ({UserRoles.Name(user.Role)}){(generated ? "; the password above is shown only now." : ".")}");
            return AegisCli.Success;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var store = new StoreOptions();
        var command = new Command("list", "List the users (never their passwords).");
        store.AddTo(command);
        command.SetStoreAction(store, async (_, banks, output, _, ct) =>
        {
            var now = DateTimeOffset.UtcNow;
            var table = new Table().AddColumns("name", "role", "queues", "state", "totp", "created", "last sign-in");
            foreach (var user in await new UserStore(banks).ListAsync(ct))
            {
                var state = user.Disabled ? "disabled"
                    : LockoutPolicy.IsLocked(user.LockedUntil, now) ? $"locked until {Time(user.LockedUntil)}"
                    : "active";
                table.AddRow(
                    Markup.Escape(user.Name), UserRoles.Name(user.Role), user.Queues is { } queues ? ReviewQueues.Describe(queues) : "default", state, user.HasTotp ? "yes" : "no", Time(user.CreatedAt), Time(user.LastSignInAt));
            }

            Tables.Write(output, table);
            return AegisCli.Success;
        });
        return command;
    }

    private static Command DisableCommand(string verb, bool disabled)
    {
        var name = NameArgument();
        var store = new StoreOptions();
        var command = new Command(verb, disabled ? "Disable a user: they cannot sign in, and their sessions end." : "Let a disabled user sign in again (clears a lock too).") { name };
        store.AddTo(command);
        command.SetStoreAction(store, async (parse, banks, output, _, ct) =>
        {
            var user = await new UserStore(banks).SetDisabledAsync(parse.GetRequiredValue(name), disabled, Actor, ct);
            await output.WriteLineAsync($"{verb}d user '{user.Name}'");
            return AegisCli.Success;
        });
        return command;
    }

    private static Command ResetPasswordCommand()
    {
        var name = NameArgument();
        var stdin = PasswordStdin();
        var store = new StoreOptions();
        var command = new Command("reset-password", "Give a user a new password (printed once, or read with --password-stdin); clears a lock and ends their sessions.") { name, stdin };
        store.AddTo(command);
        command.SetStoreAction(store, async (parse, banks, output, error, ct) =>
        {
            var (password, generated) = await PasswordAsync(parse.GetValue(stdin));
            var user = await new UserStore(banks).ResetPasswordAsync(parse.GetRequiredValue(name), password, Actor, ct);
            if (generated)
            {
                await output.WriteLineAsync(password);
            }

            await error.WriteLineAsync($"reset the password of user '{user.Name}'{(generated ? "; the password above is shown only now." : ".")}");
            return AegisCli.Success;
        });
        return command;
    }

    private static Command SetQueuesCommand()
    {
        var name = NameArgument();
        var queues = new Argument<string>("queues")
        {
            Description = $"The review queues they work, comma-separated ({ReviewQueues.Names}); 'none'; or 'default' for their role's default.",
        };
        var store = new StoreOptions();
        var command = new Command("set-queues", "Give a user the review queues they work; who may read a case is decided when it is read, so it holds from their next page.") { name, queues };
        store.AddTo(command);
        command.SetStoreAction(store, async (parse, banks, output, _, ct) =>
        {
            var text = parse.GetRequiredValue(queues);
            var given = string.Equals(text.Trim(), "default", StringComparison.OrdinalIgnoreCase) ? null : Queues("queues", text);
            var user = await new UserStore(banks).SetQueuesAsync(parse.GetRequiredValue(name), given, Actor, ct);
            await output.WriteLineAsync($"user '{user.Name}' ({UserRoles.Name(user.Role)}) works {QueuesOf(user)}");
            return AegisCli.Success;
        });
        return command;
    }

    /// <summary>The queues named in <paramref name="text"/> (comma-separated, or <c>none</c>).</summary>
    /// <exception cref="BankStoreException">A name is not a queue (the message names it and the queues there are).</exception>
    private static IReadOnlyList<ReviewQueue> Queues(string field, string text)
    {
        if (string.Equals(text.Trim(), "none", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }

        return ReviewQueues.ParseList(text, out var queues) is { } invalid
            ? throw new BankStoreException(BankStoreError.Invalid, $"{field}: {invalid}")
            : queues;
    }

    /// <summary>"child-safety, general", "none", or "default (child-safety, general)".</summary>
    private static string QueuesOf(User user) => user.Queues is { } queues
        ? ReviewQueues.Describe(queues)
        : $"default ({ReviewQueues.Describe(user.ToReader().Allowed)})";

    /// <summary>Who the audit log says made a change from the command line.</summary>
    private static string Actor => $"cli:{Environment.UserName}";

    private static Argument<string> NameArgument() => new("name") { Description = "The user's name (letters, digits, '.', '-', '_', '@'; unique whatever its case)." };

    private static Option<bool> PasswordStdin() => new("--password-stdin") { Description = "Read the password from the first line of standard input instead of generating one." };

    private static async Task<(string Password, bool Generated)> PasswordAsync(bool fromStdin)
    {
        if (!fromStdin)
        {
            return (UserStore.GeneratePassword(), true);
        }

        var line = await Console.In.ReadLineAsync()
            ?? throw new BankStoreException(BankStoreError.Invalid, "--password-stdin: standard input is empty.");
        return (line.TrimEnd('\r'), false);
    }

    private static string Time(DateTimeOffset? at) => at?.ToString("u", CultureInfo.InvariantCulture) ?? "-";
}
