using System.CommandLine;
using Spectre.Console;

namespace Aegis.Cli.Banks;

internal static class BankListCommand
{
    public static Command Create()
    {
        var store = new StoreOptions();
        var command = new Command("list", "List the banks with their settings and entry counts.");
        store.AddTo(command);
        command.SetStoreAction(store, async (_, banks, output, _, ct) =>
        {
            var summaries = await banks.ListBanksAsync(ct);
            var table = new Table().AddColumns("bank", "kind", "action", "threshold", "enabled", "entries (enabled)", "entries (all)");
            foreach (var s in summaries)
            {
                table.AddRow(
                    Markup.Escape(s.Bank.Name),
                    s.Bank.Kind.ToString().ToLowerInvariant(),
                    s.Bank.Action.ToString().ToLowerInvariant(),
                    s.Bank.PdqThreshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    s.Bank.Enabled ? "yes" : "no",
                    s.EnabledEntries.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                    s.TotalEntries.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
            }

            Tables.Write(output, summaries.Count == 0 ? new Text("no banks yet: aegis bank create NAME") : table);
            return AegisCli.Success;
        });
        return command;
    }
}
