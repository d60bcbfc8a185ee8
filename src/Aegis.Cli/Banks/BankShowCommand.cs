using System.CommandLine;
using System.Globalization;

namespace Aegis.Cli.Banks;

internal static class BankShowCommand
{
    public static Command Create()
    {
        var name = BankCommand.NameArgument();
        var store = new StoreOptions();
        var command = new Command("show", "Show one bank's settings and counts.") { name };
        store.AddTo(command);
        command.SetStoreAction(store, async (parse, banks, output, error, ct) =>
        {
            var wanted = parse.GetRequiredValue(name);
            var summary = (await banks.ListBanksAsync(ct)).FirstOrDefault(s => s.Bank.Name == wanted);
            if (summary is null)
            {
                await error.WriteLineAsync($"aegis show: no bank named '{wanted}'.");
                return AegisCli.UsageError;
            }

            var b = summary.Bank;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"""
                bank:        {b.Name}
                kind:        {b.Kind.ToString().ToLowerInvariant()}
                action:      {b.Action.ToString().ToLowerInvariant()}
                threshold:   {b.PdqThreshold}
                video rules: reference ≥ {b.Video.QueryPercent:0.#}% of the upload's frames, containment ≥ {b.Video.ContainmentPercent:0.#}% of the known video's seconds, segment ≥ {b.Video.SegmentFrames} frames (held for review)
                enabled:     {(b.Enabled ? "yes" : "no")}
                entries:     {summary.EnabledEntries:N0} enabled of {summary.TotalEntries:N0}
                created:     {b.CreatedAt:u}
                description: {b.Description ?? "-"}
                """));
            return AegisCli.Success;
        });
        return command;
    }
}
