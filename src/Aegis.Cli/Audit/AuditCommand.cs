using System.CommandLine;
using System.Globalization;
using Aegis.Storage;

namespace Aegis.Cli.Audit;

/// <summary><c>aegis audit verify|list</c>: check the hash chain of the audit log, or print it.</summary>
internal static class AuditCommand
{
    /// <summary>The chain is broken.</summary>
    public const int Broken = 1;

    public static Command Create()
    {
        var command = new Command("audit", "Verify or list the hash-chained audit log.");
        command.Add(VerifyCommand());
        command.Add(ListCommand());
        return command;
    }

    private static Command VerifyCommand()
    {
        var store = new StoreOptions();
        var command = new Command("verify", "Recompute every entry's hash and check every link: finds an edited, deleted or reordered entry. Exit 1 when broken.");
        store.AddTo(command);
        command.SetStoreAction(store, async (_, banks, output, error, ct) =>
        {
            var result = await new AuditLog(banks).VerifyAsync(ct);
            if (!result.Intact)
            {
                await error.WriteLineAsync($"audit log BROKEN at entry {result.BrokenAt}: {result.Problem}");
                return Broken;
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"audit log intact: {result.Entries:N0} entries, last hash {result.LastHash ?? "(none)"} (keep it: deleting the newest entries shows only against a hash kept elsewhere)"));
            return AegisCli.Success;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var after = new Option<long>("--after") { Description = "Only entries after this sequence number.", DefaultValueFactory = _ => 0 };
        var limit = new Option<int>("--limit") { Description = "At most this many entries (default 1000).", DefaultValueFactory = _ => 1000 };
        var store = new StoreOptions();
        var command = new Command("list", "Print entries: sequence, time, actor, action, subject, data (tab-separated).") { after, limit };
        store.AddTo(command);
        command.SetStoreAction(store, async (parse, banks, output, _, ct) =>
        {
            var left = parse.GetValue(limit);
            await foreach (var e in new AuditLog(banks).ReadAsync(parse.GetValue(after), ct))
            {
                if (left-- <= 0)
                {
                    break;
                }

                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{e.Sequence}\t{e.At:O}\t{e.Actor}\t{e.Action}\t{e.Subject}\t{e.Data}"));
            }

            return AegisCli.Success;
        });
        return command;
    }
}
