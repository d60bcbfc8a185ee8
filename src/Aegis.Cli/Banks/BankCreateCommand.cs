using System.CommandLine;
using Aegis.Matching.Banks;

namespace Aegis.Cli.Banks;

internal static class BankCreateCommand
{
    public static Command Create()
    {
        var name = BankCommand.NameArgument();
        var threshold = new Option<int>("--threshold") { Description = "Largest PDQ distance that matches (0–63).", DefaultValueFactory = _ => Bank.DefaultPdqThreshold };
        var action = new Option<BankAction>("--action") { Description = "What a match does: block, hold (for review) or flag.", DefaultValueFactory = _ => BankAction.Block };
        var negative = new Option<bool>("--negative") { Description = "A negative bank: its matches cancel matches against the others (known false positives)." };
        var description = new Option<string?>("--description") { Description = "Free text for curators." };
        var store = new StoreOptions();
        var command = new Command("create", "Create a bank.") { name, threshold, action, negative, description };
        store.AddTo(command);
        command.SetStoreAction(store, async (parse, banks, output, _, ct) =>
        {
            var created = await banks.CreateBankAsync(
                parse.GetRequiredValue(name),
                parse.GetValue(threshold),
                parse.GetValue(action),
                parse.GetValue(negative) ? BankKind.Negative : BankKind.Ordinary,
                parse.GetValue(description),
                ct);
            await output.WriteLineAsync($"created bank {created.Name}: {created.Kind.ToString().ToLowerInvariant()}, action {created.Action.ToString().ToLowerInvariant()}, PDQ threshold {created.PdqThreshold}");
            return AegisCli.Success;
        });
        return command;
    }
}
