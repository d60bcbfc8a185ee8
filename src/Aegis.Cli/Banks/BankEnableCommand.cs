using System.CommandLine;

namespace Aegis.Cli.Banks;

internal static class BankEnableCommand
{
    public static Command Create(bool enable)
    {
        var verb = enable ? "enable" : "disable";
        var name = BankCommand.NameArgument();
        var entry = new Option<long?>("--entry") { Description = $"Only {verb} this entry (by id); the bank itself is left as it is." };
        var store = new StoreOptions();
        var command = new Command(verb, enable
            ? "Enable a bank (or one entry) again."
            : "Disable a bank (or one entry): kept, never matched, until enabled again.") { name, entry };
        store.AddTo(command);
        command.SetStoreAction(store, async (parse, banks, output, _, ct) =>
        {
            var bankName = parse.GetRequiredValue(name);
            if (parse.GetValue(entry) is { } id)
            {
                // Entry ids are unique across banks; the output names the entry's own bank.
                var changed = await banks.SetEntryEnabledAsync(id, enable, ct);
                await output.WriteLineAsync($"{verb}d entry {id} ({EntryText.Type(changed)} {EntryText.Short(changed)}) of bank {changed.Bank}");
                return AegisCli.Success;
            }

            await banks.SetBankEnabledAsync(bankName, enable, ct);
            await output.WriteLineAsync($"{verb}d bank {bankName}");
            return AegisCli.Success;
        });
        return command;
    }
}
