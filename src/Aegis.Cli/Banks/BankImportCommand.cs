using System.CommandLine;
using System.Globalization;
using Aegis.Core.Input;
using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using Aegis.Storage;

namespace Aegis.Cli.Banks;

/// <summary>
/// <c>aegis bank import NAME FILE</c>: streams a hash list into a bank. Bad lines (a hash that is not one, an external
/// id or label that is too long or holds control characters) are reported with their line numbers on stderr and
/// skipped; good lines import; duplicates merge. Exit code 0 when every line imported or merged, 1 when some lines were
/// bad.
/// </summary>
internal static class BankImportCommand
{
    public static Command Create()
    {
        var name = BankCommand.NameArgument();
        var file = new Argument<FileInfo>("file") { Description = "The hash list: python-threatexchange text, CSV with a header, or Aegis JSON lines." };
        var format = new Option<HashListFormat?>("--format") { Description = "threatexchange, csv or jsonlines (default: from the extension, then the first line)." };
        var type = new Option<SignalType?>("--type") { Description = "The type of bare 64-hex lines (pdq or sha256), which could be either." };
        var list = new Option<string?>("--list") { Description = "The list name to record for entries that carry none (default: the file name)." };
        var store = new StoreOptions();
        var command = new Command("import", "Import a hash list into a bank.") { name, file, format, type, list };
        store.AddTo(command);
        command.SetStoreAction(store, async (parse, banks, output, error, ct) =>
        {
            var path = parse.GetRequiredValue(file);
            if (!path.Exists)
            {
                await error.WriteLineAsync($"aegis import: no such file: {path.FullName}");
                return AegisCli.UsageError;
            }

            var listName = parse.GetValue(list) ?? path.Name;
            if (Identifier.Validate("list", listName) is { } invalid)
            {
                await error.WriteLineAsync($"aegis import: {invalid}{(parse.GetValue(list) is null ? " (the list name is the file's name; give one with --list)" : "")}");
                return AegisCli.UsageError;
            }

            using var reader = HashListReader.OpenFile(path.FullName, parse.GetValue(format), parse.GetValue(type));
            var errors = 0L;
            IEnumerable<HashListRecord> Records()
            {
                foreach (var item in reader.ReadAll().Select(EntryFields.Check))
                {
                    if (item.Error is { } bad)
                    {
                        errors++;
                        if (errors <= 1000)
                        {
                            error.WriteLine($"{path.Name}: {bad}");
                        }

                        continue;
                    }

                    var record = item.Record!;
                    yield return record.List is null ? record with { List = listName } : record;
                }
            }

            using var progress = ImportProgressDisplay.Start();
            var result = await banks.ImportAsync(parse.GetRequiredValue(name), Records(), Environment.UserName, progress, ct);
            if (errors > 1000)
            {
                await error.WriteLineAsync($"... and {errors - 1000:N0} more bad lines.");
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"imported {path.Name} into {parse.GetRequiredValue(name)} ({reader.Format}): {result.Read:N0} records read, {result.Added:N0} added, {result.Merged:N0} duplicates merged, {errors:N0} bad lines skipped, in {result.Elapsed.TotalSeconds:F1} s"));
            return errors == 0 ? AegisCli.Success : AegisCli.SomeFailed;
        });
        return command;
    }
}
