using System.CommandLine;
using System.Globalization;
using Aegis.Core.CyberTip;
using Aegis.Storage;

namespace Aegis.Cli.CyberTip;

/// <summary>
/// <c>aegis cybertip status|submit|preview CASE</c>: a case's CyberTipline report from the command line, on the same
/// database as the servers. <c>submit</c> approves the submission; a server node with NCMEC's credentials sends it.
/// </summary>
internal static class CyberTipCommand
{
    public static Command Create()
    {
        var command = new Command("cybertip", "A case's CyberTipline report to NCMEC: its state, its approval, its XML.");
        command.Add(StatusCommand());
        command.Add(SubmitCommand());
        command.Add(PreviewCommand.Create());
        return command;
    }

    /// <summary>The case id argument, checked.</summary>
    public static Argument<long> CaseArgument()
    {
        var argument = new Argument<long>("case") { Description = "The case's id." };
        argument.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long>() < 1)
            {
                r.AddError("The case id is a positive number.");
            }
        });
        return argument;
    }

    private static Command StatusCommand()
    {
        var caseId = CaseArgument();
        var store = new StoreOptions();
        var command = new Command("status", "Print the report the case is in: its state, NCMEC's report id, its files' progress, and for a failure the reason and what to do. Exit 1 when the case is in no report.") { caseId };
        store.AddTo(command);
        command.SetStoreAction(store, async (parse, banks, output, error, ct) =>
        {
            var id = parse.GetValue(caseId);
            if (await new CyberTipStore(banks).ForCaseAsync(id, ct) is not { } report)
            {
                await error.WriteLineAsync(NotReported(id));
                return AegisCli.SomeFailed;
            }

            await output.WriteLineAsync(Describe(report));
            return AegisCli.Success;
        });
        return command;
    }

    private static Command SubmitCommand()
    {
        var caseId = CaseArgument();
        var actor = new Option<string>("--as") { Description = "Who approves (recorded in the audit log); default: cli:$USER.", DefaultValueFactory = _ => "cli:" + (Environment.UserName is { Length: > 0 } user ? user : "unknown") };
        var store = new StoreOptions();
        var command = new Command("submit", "Approve the submission of the report the case is in (a draft, or a failed report to try it again); a server node with NCMEC's credentials sends it within a second. Exit 1 when the case is in no report or the report is already approved, under way or submitted.") { caseId, actor };
        store.AddTo(command);
        command.SetStoreAction(store, async (parse, banks, output, error, ct) =>
        {
            var id = parse.GetValue(caseId);
            try
            {
                var report = await new CyberTipStore(banks).ApproveAsync(id, parse.GetValue(actor)!, ct);
                await output.WriteLineAsync(Describe(report));
                return AegisCli.Success;
            }
            catch (KeyNotFoundException)
            {
                await error.WriteLineAsync(NotReported(id));
            }
            catch (CyberTipRefusal refusal)
            {
                await error.WriteLineAsync(refusal.Message);
            }

            return AegisCli.SomeFailed;
        });
        return command;
    }

    public static string NotReported(long caseId) =>
        string.Create(CultureInfo.InvariantCulture, $"Case {caseId} is in no CyberTipline report: there is no such case, or it is not confirmed, or it is not reportable.");

    private static string Describe(CyberTipReport r)
    {
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"report {r.Id}: {r.State.ToString().ToLowerInvariant()}"),
            $"person: {(r.PersonId.Length == 0 ? "unknown" : r.PersonId)}",
            $"cases: {string.Join(", ", r.CaseIds)}",
        };
        if (r.NcmecReportId is { } ncmec)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"NCMEC report id: {ncmec}"));
        }

        if (r.FollowUpOf.Count > 0)
        {
            lines.Add($"follow-up of NCMEC reports: {string.Join(", ", r.FollowUpOf)}");
        }

        lines.AddRange(r.Files.Select(f => $"file {f.ContentId} (evidence {f.EvidenceId}): {(f.InfoSent ? "sent" : f.FileId is not null ? "uploaded" : "waiting")}"));
        if (r.ApprovedBy is { } by)
        {
            lines.Add($"approved by: {by}");
        }

        if (r.LastError is { } error)
        {
            lines.Add($"last error: {error}{(r.LastRequestId is { } rid ? $" (NCMEC Request-ID {rid})" : "")}");
        }

        if (r.Remedy is { } remedy)
        {
            lines.Add($"what to do: {remedy}");
        }

        return string.Join(Environment.NewLine, lines);
    }
}
