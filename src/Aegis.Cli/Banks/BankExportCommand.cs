using System.CommandLine;
using System.Text;
using Aegis.Matching.Banks;
using Aegis.Matching.Formats;

namespace Aegis.Cli.Banks;

/// <summary><c>aegis bank export NAME</c>: every entry (disabled ones too, marked), to stdout or a file.</summary>
internal static class BankExportCommand
{
    public static Command Create()
    {
        var name = BankCommand.NameArgument();
        var format = new Option<HashListFormat>("--format") { Description = "jsonlines (default: everything round-trips), csv or threatexchange.", DefaultValueFactory = _ => HashListFormat.JsonLines };
        var outputFile = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of stdout." };
        var store = new StoreOptions();
        var command = new Command("export", "Export a bank's entries as a hash list.") { name, format, outputFile };
        store.AddTo(command);
        command.SetStoreAction(store, async (parse, banks, output, error, ct) =>
        {
            var bank = parse.GetRequiredValue(name);
            // Streamed: a bank of millions of entries is never held in memory.
            var entries = banks.ReadEntriesAsync(bank, enabledOnly: false, ct).ToBlockingEnumerable(ct).Select(ToRecord);
            var target = parse.GetValue(outputFile);
            await using var file = target is null ? null : new StreamWriter(target.FullName, append: false, new UTF8Encoding(false));
            var written = HashListWriter.Write(file ?? output, parse.GetValue(format), entries);
            if (target is not null)
            {
                await error.WriteLineAsync($"exported {written:N0} entries of {bank} to {target.FullName}");
            }

            return AegisCli.Success;
        });
        return command;
    }

    private static HashListRecord ToRecord(BankEntry entry) => new(
        entry.Type, entry.Value, entry.Source.ExternalId, entry.Source.Category, entry.Source.List, entry.Source.AddedAt, entry.Source.AddedBy, entry.Enabled);
}
