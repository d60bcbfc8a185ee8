using System.CommandLine;
using System.Globalization;
using Aegis.Exchanges.AegisFeed;
using Aegis.Server.Evidence;
using Aegis.Server.Feed;
using Aegis.Storage;

namespace Aegis.Cli.Feed;

/// <summary>
/// <c>aegis feed key|rotate-key</c>: the hash feed's signing keys (docs/exchange-protocol.md), on the database directly,
/// with the server's settings (<c>--config</c>, <c>AEGIS_*</c>: the key ring that seals the private keys). <c>key</c>
/// prints the public key a subscriber pins (PEM on standard output; the key's id and any other key on standard error).
/// </summary>
internal static class FeedCommand
{
    public static Command Create()
    {
        var command = new Command("feed", "The hash feed other Aegis servers subscribe to: its signing keys.");
        command.Add(KeyCommand());
        command.Add(RotateCommand());
        return command;
    }

    private static Command KeyCommand()
    {
        var next = new Option<bool>("--next") { Description = "Print the rotation's next key instead of the current one." };
        var command = new Command("key", "Print the feed's public key (PEM), for subscribers to pin; made now if there is none.") { next };
        SetAction(command, async (parse, signer, output, error, ct) =>
        {
            var keys = await signer.KeysAsync(ct);
            var now = TimeProvider.System.GetUtcNow();
            var current = FeedSigner.Current(keys, now);
            var shown = parse.GetValue(next) ? keys.Where(k => k.ActiveFrom > now).MaxBy(k => k.Number) : current;
            if (shown is null)
            {
                await error.WriteLineAsync("aegis feed key: there is no next key (make one with `aegis feed rotate-key`).");
                return AegisCli.UsageError;
            }

            await output.WriteAsync(FeedPublicKey.FromSpki(shown.PublicKey).Pem + "\n");
            foreach (var key in keys)
            {
                var state = key == current ? "current" : key.ActiveFrom > now ? "next, signs from " + key.ActiveFrom.ToString("u", CultureInfo.InvariantCulture) : "retired";
                await error.WriteLineAsync($"key {key.KeyId} ({FeedSignature.Algorithm}): {state}");
            }

            return AegisCli.Success;
        });
        return command;
    }

    private static Command RotateCommand()
    {
        var days = new Option<int>("--active-in-days") { Description = "Days before the new key signs (subscribers pin it meanwhile); default 14.", DefaultValueFactory = _ => 14 };
        var command = new Command("rotate-key", "Make the feed's next signing key, published at once and signing after --active-in-days.") { days };
        SetAction(command, async (parse, signer, output, error, ct) =>
        {
            var wait = parse.GetValue(days);
            if (wait is < 0 or > 365)
            {
                await error.WriteLineAsync("aegis feed rotate-key: --active-in-days is 0 to 365.");
                return AegisCli.UsageError;
            }

            var key = await signer.RotateAsync(TimeSpan.FromDays(wait), ct);
            await output.WriteAsync(FeedPublicKey.FromSpki(key.PublicKey).Pem + "\n");
            await error.WriteLineAsync($"made key {key.KeyId}; it signs from {key.ActiveFrom.ToString("u", CultureInfo.InvariantCulture)}: have every subscriber add it to its exchange's public_key before then.");
            return AegisCli.Success;
        });
        return command;
    }

    private static void SetAction(Command command, Func<ParseResult, FeedSigner, TextWriter, TextWriter, CancellationToken, Task<int>> body)
    {
        var config = new Option<string?>("--config") { Description = "The server's JSON settings file (Evidence:Keys seal the feed's private keys; see docs/operations.md)." };
        command.Add(config);
        var storeOptions = new StoreOptions();
        storeOptions.AddTo(command);
        command.SetStoreAction(storeOptions, async (parse, banks, output, error, ct) =>
        {
            try
            {
                var options = storeOptions.ServerSettings(parse, parse.GetValue(config));
                var signer = new FeedSigner(new HashFeedStore(banks), () => EvidenceKeys.Load(options, TimeProvider.System, generate: false).Ring, TimeProvider.System);
                return await body(parse, signer, output, error, ct);
            }
            catch (Exception e) when (e is ArgumentException or FormatException or Aegis.CyberTip.Evidence.EvidenceKeyException)
            {
                await error.WriteLineAsync($"aegis feed {command.Name}: {e.Message}");
                return AegisCli.UsageError;
            }
        });
    }
}
