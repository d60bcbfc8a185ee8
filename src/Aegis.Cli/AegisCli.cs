using System.CommandLine;
using Aegis.Cli.Audit;
using Aegis.Cli.Banks;
using Aegis.Cli.CyberTip;
using Aegis.Cli.Evidence;
using Aegis.Cli.Exchanges;
using Aegis.Cli.Hash;
using Aegis.Cli.Keys;
using Aegis.Cli.Scan;
using Aegis.Cli.Serve;
using Aegis.Cli.Users;

namespace Aegis.Cli;

/// <summary>The <c>aegis</c> command line: the commands and how a run ends (exit codes).</summary>
public static class AegisCli
{
    /// <summary>Everything worked.</summary>
    public const int Success = 0;

    /// <summary>The command ran but some input failed (e.g. a file that is not an image).</summary>
    public const int SomeFailed = 1;

    /// <summary>The command line itself is wrong.</summary>
    public const int UsageError = 2;

    public static RootCommand Build()
    {
        var root = new RootCommand("Aegis: child-safety hashing and matching (PDQ, MD5, SHA-256, vPDQ).");
        root.Add(ServeCommand.Create());
        root.Add(HashCommand.Create());
        root.Add(BankCommand.Create());
        root.Add(ScanCommand.Create());
        root.Add(ApiKeyCommand.Create());
        root.Add(AuditCommand.Create());
        root.Add(CyberTipCommand.Create());
        root.Add(EvidenceCommand.Create());
        root.Add(UserCommand.Create());
        root.Add(ExchangeCommand.Create());
        root.Add(Feed.FeedCommand.Create());
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>, writing to the given streams; returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var parsed = Build().Parse(args);
        // Ctrl-C cancels the command; System.CommandLine's own default then exits with 130 after 2 seconds, which a server
        // still stopping its workers on a busy machine can take: it gets the host's shutdown time instead.
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = TimeSpan.FromSeconds(35) };
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync($"aegis: {parseError.Message}");
            }

            await error.WriteLineAsync("Run 'aegis --help' for usage.");
            return UsageError;
        }

        return await parsed.InvokeAsync(configuration, cancellationToken);
    }
}
