using System.CommandLine;
using System.Globalization;
using Aegis.Server.Evidence;
using Aegis.Server.Hosting;
using Aegis.Storage;

namespace Aegis.Cli.Evidence;

/// <summary>
/// <c>aegis evidence list|hold|release|purge|keys|rewrap</c>: the evidence vault, on the database directly (as the bank
/// and audit commands are), with the server's settings (<c>--config</c>, <c>AEGIS_*</c>: the folder, retention, keys).
/// Every change is audited as the server audits it, with the actor <c>cli:&lt;user&gt;</c>.
/// </summary>
internal static class EvidenceCommand
{
    public static Command Create()
    {
        var command = new Command("evidence", "The evidence vault: list a case's items, hold and release them, purge what has passed its retention, count and re-wrap keys.");
        command.Add(ListCommand());
        command.Add(HoldCommand(hold: true));
        command.Add(HoldCommand(hold: false));
        command.Add(PurgeCommand());
        command.Add(KeysCommand());
        command.Add(RewrapCommand());
        return command;
    }

    private static string Actor => $"cli:{Environment.UserName}";

    private static Command ListCommand()
    {
        var caseId = new Argument<long>("case") { Description = "The case id." };
        var command = new Command("list", "The case's items, one a line, tab-separated: id, content id, state, media type, size, preserved at, retain until, hold.") { caseId };
        SetAction(command, async (parse, vault, output, ct) =>
        {
            foreach (var item in await vault.Store.ListAsync(parse.GetValue(caseId), ct))
            {
                await output.WriteLineAsync(string.Join(
                    '\t',
                    item.Id.ToString(CultureInfo.InvariantCulture),
                    item.ContentId,
                    item.State.ToString().ToLowerInvariant(),
                    item.MediaType ?? "-",
                    item.Size?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    Time(item.PreservedAt),
                    Time(item.RetainUntil),
                    item.Hold is { } h ? $"held by {h.By}: {OneLine(h.Reason)}" : "-"));
            }

            return AegisCli.Success;
        });
        return command;
    }

    private static Command HoldCommand(bool hold)
    {
        var id = new Argument<long>("id") { Description = "The evidence item's id (aegis evidence list CASE)." };
        var reason = new Option<string>("--reason") { Description = "Why (kept in the audit log).", Required = true };
        var command = new Command(hold ? "hold" : "release", hold
            ? "Put a legal hold on an item: it is kept whatever its retention until released (audited as evidence.held)."
            : "Lift an item's legal hold (audited as evidence.released).") { id, reason };
        SetAction(command, async (parse, vault, output, ct) =>
        {
            var item = hold
                ? await vault.Store.HoldAsync(parse.GetValue(id), parse.GetRequiredValue(reason), Actor, ct)
                : await vault.Store.ReleaseAsync(parse.GetValue(id), parse.GetRequiredValue(reason), Actor, ct);
            await output.WriteLineAsync($"evidence {item.Id} ({item.ContentId}, case {item.CaseId}): {(item.Hold is null ? "no hold" : "held")}, retained until {Time(item.RetainUntil)}");
            return AegisCli.Success;
        });
        return command;
    }

    private static Command PurgeCommand()
    {
        var command = new Command("purge", "Delete now every item past its retention with no hold (each audited as evidence.deleted); the server does this every Evidence:PurgeIntervalMinutes.");
        SetAction(command, async (parse, vault, output, ct) =>
        {
            var deleted = 0;
            int batch;
            do
            {
                batch = await vault.Store.PurgeAsync(500, Actor, ct);
                deleted += batch;
            }
            while (batch == 500);

            await output.WriteLineAsync($"deleted {deleted} evidence items past their retention");
            return AegisCli.Success;
        });
        return command;
    }

    private static Command KeysCommand()
    {
        var command = new Command("keys", "Items per master key, tab-separated: key id, items, configured here (yes/no), current. A key with no items may be removed.");
        SetAction(command, async (parse, vault, output, ct) =>
        {
            var ring = vault.TryRing();
            var counts = await vault.Store.KeyCountsAsync(ct);
            var ids = counts.Select(c => c.KeyId).Union(ring?.KeyIds ?? [], StringComparer.Ordinal).OrderBy(k => k, StringComparer.Ordinal);
            foreach (var id in ids)
            {
                await output.WriteLineAsync(string.Join(
                    '\t',
                    id,
                    (counts.FirstOrDefault(c => c.KeyId == id)?.Items ?? 0).ToString(CultureInfo.InvariantCulture),
                    ring?.Contains(id) == true ? "yes" : "no",
                    ring?.CurrentKeyId == id ? "current" : "-"));
            }

            return AegisCli.Success;
        });
        return command;
    }

    private static Command RewrapCommand()
    {
        var command = new Command("rewrap", "Re-wrap every item's data key under Evidence:CurrentKey (after adding a key and making it current); the ciphertexts are not touched. Exit 1 if some items are under a key that is not configured.");
        SetAction(command, async (parse, vault, output, ct) =>
        {
            var ring = vault.TryRing() ?? throw new ArgumentException(vault.RingProblem);
            var (rewrapped, unreadable) = await new EvidenceVault(vault.Store, ring, TimeProvider.System).RewrapAsync(ct);
            await output.WriteLineAsync($"re-wrapped {rewrapped} evidence items under key {ring.CurrentKeyId}");
            if (unreadable > 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"{unreadable} items are under a key that is not configured: add it to Evidence:Keys and run again (aegis evidence keys).");
                return AegisCli.SomeFailed;
            }

            return AegisCli.Success;
        });
        return command;
    }

    /// <summary>The store with the server's vault settings, and the keys if they can be loaded.</summary>
    private sealed class Vault(EvidenceStore store, ServerOptions options)
    {
        public EvidenceStore Store => store;

        public string RingProblem { get; private set; } = "";

        public Aegis.CyberTip.Evidence.KeyRing? TryRing()
        {
            try
            {
                return EvidenceKeys.Load(options, TimeProvider.System, generate: false).Ring;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or IOException)
            {
                RingProblem = e.Message;
                return null;
            }
        }
    }

    private static void SetAction(Command command, Func<ParseResult, Vault, TextWriter, CancellationToken, Task<int>> body)
    {
        var config = new Option<string?>("--config") { Description = "The server's JSON settings file (Evidence:Folder, Evidence:Keys…; see docs/operations.md)." };
        command.Add(config);
        var storeOptions = new StoreOptions();
        storeOptions.AddTo(command);
        command.SetStoreAction(storeOptions, async (parse, banks, output, error, ct) =>
        {
            try
            {
                var options = storeOptions.ServerSettings(parse, parse.GetValue(config));
                var evidence = new EvidenceStore(banks, options.Evidence.Folder, Math.Max(options.Evidence.RetentionDays, Core.Evidence.EvidenceRetention.MinimumDays));
                return await body(parse, new Vault(evidence, options), output, ct);
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                await error.WriteLineAsync($"aegis evidence {command.Name}: {e.Message}");
                return AegisCli.UsageError;
            }
        });
    }

    private static string Time(DateTimeOffset? at) => at?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "-";

    private static string OneLine(string text) => text.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');
}
