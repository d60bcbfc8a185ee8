using System.CommandLine;
using System.Globalization;
using Aegis.Storage;

namespace Aegis.Cli.Audit;

/// <summary><c>aegis audit verify|list</c>: check the hash chain of the audit log, and read it.</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "Verify and read the append-only, hash-chained audit log.");
        command.Add(VerifyCommand());
        command.Add(ListCommand());
        return command;
    }

    private static Command VerifyCommand()
    {
        var anchor = new Option<string?>("--anchor")
        {
            Description = "A last hash printed by an earlier verify and kept outside the database: the log must still hold it " +
                "(deleting the newest entries cannot be seen otherwise).",
        };
        var store = new StoreOptions();
        var command = new Command(
            "verify",
            "Recompute every entry's hash and check that each chains to the one before: finds any edited, deleted or reordered " +
            "entry. Exit 0: intact (printed on stdout), 1: broken (printed on stderr).") { anchor };
        store.AddTo(command);
        command.SetStoreAction(store, async (parse, banks, output, error, ct) =>
        {
            var anchorHash = parse.GetValue(anchor);
            var result = await new AuditLog(banks).VerifyAsync(anchorHash, ct);
            if (result.Intact)
            {
                var last = result.LastHash ?? "none (the log is empty)";
                var anchored = anchorHash is null ? "" : ", anchor found";
                await output.WriteLineAsync(
                    $"audit log intact: {result.Entries.ToString(CultureInfo.InvariantCulture)} entries, last hash {last}{anchored}");
                return AegisCli.Success;
            }

            // The verdict on stderr, like every failure; the exit code says it too.
            await error.WriteLineAsync(result.BrokenAt is { } at
                ? $"audit log BROKEN at entry {at.ToString(CultureInfo.InvariantCulture)}: {result.Problem}"
                : $"audit log BROKEN: {result.Problem}");
            return AegisCli.SomeFailed;
        });
        return command;
    }

    private static Command ListCommand()
    {
        var after = new Option<long>("--after") { Description = "Only entries after this sequence number (default 0: from the start)." };
        after.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long>() < 0)
            {
                r.AddError("--after must be 0 or more.");
            }
        });
        var limit = new Option<int?>("--limit") { Description = "At most this many entries (default: all)." };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1)
            {
                r.AddError("--limit must be at least 1.");
            }
        });
        var store = new StoreOptions();
        var command = new Command(
            "list",
            "Print entries in order, one a line, tab-separated: sequence, time (UTC), actor, action, subject, data (JSON).") { after, limit };
        store.AddTo(command);
        command.SetStoreAction(store, async (parse, banks, output, _, ct) =>
        {
            var remaining = parse.GetValue(limit) ?? int.MaxValue;
            await foreach (var entry in new AuditLog(banks).ReadAsync(parse.GetValue(after), ct))
            {
                if (remaining-- == 0)
                {
                    break;
                }

                await output.WriteLineAsync(string.Join(
                    '\t',
                    entry.Sequence.ToString(CultureInfo.InvariantCulture),
                    AuditLog.FormatTime(entry.At),
                    entry.Actor,
                    entry.Action,
                    entry.Subject,
                    OneLine(entry.Data)));
            }

            return AegisCli.Success;
        });
        return command;
    }

    /// <summary>
    /// The data on one line. Actor, action and subject never hold control characters; in JSON, tabs and line breaks can
    /// only be whitespace between tokens (inside strings they are escaped), so a space means the same.
    /// </summary>
    private static string OneLine(string json) =>
        json.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}
