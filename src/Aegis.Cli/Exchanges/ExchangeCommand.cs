using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aegis.Server.Evidence;
using Aegis.Server.Exchanges;
using Aegis.Server.Hosting;
using Aegis.Storage;
using Spectre.Console;

namespace Aegis.Cli.Exchanges;

/// <summary>
/// <c>aegis exchange list|add|show|set|credentials|fetch|enable|disable|remove</c>: the hash exchanges, on the database
/// directly (as the bank and evidence commands are), with the server's settings (<c>--config</c>, <c>AEGIS_*</c>: the key
/// ring that seals credentials, the file API's folder). Credentials are read from standard input, never from the command
/// line, and never printed. Every change is audited as the server audits it, with the actor <c>cli:&lt;user&gt;</c>; a
/// running server fetches what is due within <c>Exchanges:PollSeconds</c>.
/// </summary>
internal static class ExchangeCommand
{
    public static Command Create()
    {
        var command = new Command("exchange", "Hash exchanges: configure them, see how their fetching stands, fetch one now.");
        command.Add(ListCommand());
        command.Add(AddCommand());
        command.Add(ShowCommand());
        command.Add(SetCommand());
        command.Add(CredentialsCommand());
        command.Add(FetchCommand());
        command.Add(EnableCommand("enable", enabled: true));
        command.Add(EnableCommand("disable", enabled: false));
        command.Add(RemoveCommand());
        return command;
    }

    private static string Actor => $"cli:{Environment.UserName}";

    private static Command ListCommand()
    {
        var command = new Command("list", "Every exchange and where its fetching stands.");
        SetAction(command, async (_, service, output, ct) =>
        {
            var table = new Table().AddColumns("name", "api", "bank", "enabled", "every", "state", "last run", "last success", "next run", "entries added", "removed", "last error");
            foreach (var x in await service.Store.ListAsync(ct))
            {
                table.AddRow(
                    Markup.Escape(x.Name), x.Api, Markup.Escape(x.Bank), x.Enabled ? "yes" : "no", Invariant($"{x.ScheduleMinutes} min"), x.Status.State,
                    Time(x.Status.LastRunAt), Time(x.Status.LastSuccessAt), x.Enabled ? Time(x.Status.NextRunAt) : "-",
                    Invariant($"{x.Status.Total.Added:N0}"), Invariant($"{x.Status.Total.Removed:N0}"), Markup.Escape(x.Status.LastError ?? "-"));
            }

            Tables.Write(output, table);
            return AegisCli.Success;
        });
        return command;
    }

    private static Command AddCommand()
    {
        var name = NameArgument();
        var api = new Option<string>("--api") { Description = "The exchange's API (ncmec, file, …; GET /v1/exchanges/apis lists them).", Required = true };
        var bank = new Option<string>("--bank") { Description = "The bank its hashes go to (it must exist).", Required = true };
        var settings = SettingsOption();
        var schedule = new Option<int?>("--schedule") { Description = "Minutes between fetches (1 to 10080; default 60)." };
        var disabled = new Option<bool>("--disabled") { Description = "Configure it without fetching it yet." };
        var stdin = new Option<bool>("--credentials-stdin") { Description = "Read its credentials (a JSON object) from standard input." };
        var command = new Command("add", "Configure an exchange; enabled, a running server fetches it at once, then on its schedule.") { name, api, bank, settings, schedule, disabled, stdin };
        SetAction(command, async (parse, service, output, ct) =>
        {
            var credentials = parse.GetValue(stdin) ? await ReadCredentialsAsync() : null;
            var x = await service.CreateAsync(
                parse.GetRequiredValue(name), parse.GetRequiredValue(api), parse.GetRequiredValue(bank), Settings(parse.GetValue(settings)), parse.GetValue(schedule),
                !parse.GetValue(disabled), credentials, Actor, ct);
            await output.WriteLineAsync($"added exchange '{x.Name}' ({x.Api}) filling bank '{x.Bank}'{(x.Enabled ? "; due now" : " (disabled)")}");
            return AegisCli.Success;
        });
        return command;
    }

    private static Command ShowCommand()
    {
        var name = NameArgument();
        var command = new Command("show", "One exchange: its settings (never its credentials) and its status.") { name };
        SetAction(command, async (parse, service, output, ct) =>
        {
            var x = await service.GetAsync(parse.GetRequiredValue(name), ct);
            var s = x.Status;
            await output.WriteLineAsync(Invariant($"""
                exchange:     {x.Name}
                api:          {x.Api}
                bank:         {x.Bank}
                settings:     {x.Settings}
                credentials:  {(x.HasCredentials ? "set" : "none")}
                enabled:      {(x.Enabled ? "yes" : "no")}
                schedule:     every {x.ScheduleMinutes} min
                state:        {s.State}{(s.RunningOn is { } node ? $" (on {node})" : "")}
                last run:     {Time(s.LastRunAt)}: {s.LastRun.Records:N0} records, {s.LastRun.Added:N0} added, {s.LastRun.Updated:N0} updated, {s.LastRun.Removed:N0} removed
                last success: {Time(s.LastSuccessAt)}
                next run:     {(x.Enabled ? Time(s.NextRunAt) : "-")}
                in all:       {s.Total.Records:N0} records, {s.Total.Added:N0} added, {s.Total.Updated:N0} updated, {s.Total.Removed:N0} removed
                failures:     {s.ConsecutiveFailures} in a row{(s.LastError is { } error ? $": {error}" : "")}
                """));
            return AegisCli.Success;
        });
        return command;
    }

    private static Command SetCommand()
    {
        var name = NameArgument();
        var settings = SettingsOption();
        var schedule = new Option<int?>("--schedule") { Description = "Minutes between fetches (1 to 10080)." };
        var reset = new Option<bool>("--reset-checkpoint") { Description = "Fetch from the beginning next time (what the bank holds is kept)." };
        var command = new Command("set", "Change an exchange's settings (the whole object) or schedule, or start it again from the beginning.") { name, settings, schedule, reset };
        SetAction(command, async (parse, service, output, ct) =>
        {
            var x = await service.UpdateAsync(parse.GetRequiredValue(name), Settings(parse.GetValue(settings)), parse.GetValue(schedule), null, parse.GetValue(reset), Actor, ct);
            await output.WriteLineAsync($"exchange '{x.Name}': settings {x.Settings}, every {x.ScheduleMinutes} min");
            return AegisCli.Success;
        });
        return command;
    }

    private static Command CredentialsCommand()
    {
        var name = NameArgument();
        var clear = new Option<bool>("--clear") { Description = "Remove the credentials instead." };
        var command = new Command("credentials", "Set an exchange's credentials from standard input (a JSON object, e.g. {\"user\": …, \"password\": …}); stored sealed, never shown.") { name, clear };
        SetAction(command, async (parse, service, output, ct) =>
        {
            var credentials = parse.GetValue(clear) ? null : await ReadCredentialsAsync();
            var x = await service.SetCredentialsAsync(parse.GetRequiredValue(name), credentials, Actor, ct);
            await output.WriteLineAsync($"exchange '{x.Name}': credentials {(x.HasCredentials ? "set; due now" : "removed")}");
            return AegisCli.Success;
        });
        return command;
    }

    private static Command FetchCommand()
    {
        var name = NameArgument();
        var command = new Command("fetch", "Make an exchange due now: a running server fetches it within Exchanges:PollSeconds.") { name };
        SetAction(command, async (parse, service, output, ct) =>
        {
            var x = await service.Store.RequestRunAsync(parse.GetRequiredValue(name), ct);
            await output.WriteLineAsync($"exchange '{x.Name}' is due now");
            return AegisCli.Success;
        });
        return command;
    }

    private static Command EnableCommand(string verb, bool enabled)
    {
        var name = NameArgument();
        var command = new Command(verb, enabled ? "Fetch an exchange again (due at once)." : "Stop fetching an exchange (its entries stay as they are).") { name };
        SetAction(command, async (parse, service, output, ct) =>
        {
            var x = await service.UpdateAsync(parse.GetRequiredValue(name), null, null, enabled, false, Actor, ct);
            await output.WriteLineAsync($"{verb}d exchange '{x.Name}'");
            return AegisCli.Success;
        });
        return command;
    }

    private static Command RemoveCommand()
    {
        var name = NameArgument();
        var command = new Command("remove", "Remove an exchange; the bank entries only it held are disabled.") { name };
        SetAction(command, async (parse, service, output, ct) =>
        {
            var disabled = await service.Store.DeleteAsync(parse.GetRequiredValue(name), Actor, cancellationToken: ct);
            await output.WriteLineAsync(Invariant($"removed exchange '{parse.GetRequiredValue(name)}'; {disabled:N0} entries only it held were disabled"));
            return AegisCli.Success;
        });
        return command;
    }

    private static Argument<string> NameArgument() => new("name") { Description = "The exchange's name." };

    private static Option<string?> SettingsOption() => new("--settings") { Description = "The API's settings, a JSON object (e.g. '{\"url\": \"https://…\"}')." };

    private static JsonObject? Settings(string? text)
    {
        if (text is null)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new BankStoreException(BankStoreError.Invalid, "--settings is a JSON object ({…}).");
        }
        catch (JsonException e)
        {
            throw new BankStoreException(BankStoreError.Invalid, $"--settings is not JSON: {e.Message}");
        }
    }

    private static async Task<JsonObject> ReadCredentialsAsync()
    {
        var text = await Console.In.ReadToEndAsync();
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new BankStoreException(BankStoreError.Invalid, "The credentials on standard input are a JSON object ({…}).");
        }
        catch (JsonException)
        {
            // Not the parser's message: it could quote the secret.
            throw new BankStoreException(BankStoreError.Invalid, "The credentials on standard input are not JSON: give one JSON object ({…}).");
        }
    }

    private static void SetAction(Command command, Func<ParseResult, ExchangeService, TextWriter, CancellationToken, Task<int>> body)
    {
        var config = new Option<string?>("--config") { Description = "The server's JSON settings file (Evidence:Keys seal credentials, Exchanges:FileRoot…; see docs/operations.md)." };
        command.Add(config);
        var storeOptions = new StoreOptions();
        storeOptions.AddTo(command);
        command.SetStoreAction(storeOptions, async (parse, banks, output, error, ct) =>
        {
            try
            {
                var options = storeOptions.ServerSettings(parse, parse.GetValue(config));
                var service = new ExchangeService(
                    new ExchangeStore(banks), new ExchangeRegistry([], options), () => EvidenceKeys.Load(options, TimeProvider.System, generate: false).Ring);
                return await body(parse, service, output, ct);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or Aegis.CyberTip.Evidence.EvidenceKeyException)
            {
                await error.WriteLineAsync($"aegis exchange {command.Name}: {e.Message}");
                return AegisCli.UsageError;
            }
        });
    }

    private static string Time(DateTimeOffset? at) => at?.ToString("u", CultureInfo.InvariantCulture) ?? "-";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
