using System.CommandLine;
using Aegis.Server.CyberTip;
using Aegis.Server.Evidence;
using Aegis.Server.Hosting;
using Aegis.Storage;

namespace Aegis.Cli.CyberTip;

/// <summary>
/// <c>aegis cybertip preview CASE</c>: the report's XML as a server would send it now (or as it was sent), checked
/// against NCMEC's schema, with the server's settings (<c>--config</c>, <c>AEGIS_*</c>: the reporter, the content URL,
/// the evidence keys for messages preserved as evidence).
/// </summary>
internal static class PreviewCommand
{
    public static Command Create()
    {
        var caseId = CyberTipCommand.CaseArgument();
        var config = new Option<string?>("--config") { Description = "The server's JSON settings file (CyberTip:Reporter:Email, CyberTip:ContentUrl, Evidence:Keys…; see docs/operations.md)." };
        var store = new StoreOptions();
        var command = new Command("preview", "Print the XML of the report the case is in, as it would be sent now (once submitted: as it was sent). Exit 1 when the case is in no report, or the XML cannot be built (what is missing is printed).") { caseId, config };
        store.AddTo(command);
        command.SetStoreAction(store, async (parse, banks, output, error, ct) =>
        {
            var id = parse.GetValue(caseId);
            var reports = new CyberTipStore(banks);
            if (await reports.ForCaseAsync(id, ct) is not { } report)
            {
                await error.WriteLineAsync(CyberTipCommand.NotReported(id));
                return AegisCli.SomeFailed;
            }

            if (report.State == Core.CyberTip.CyberTipState.Submitted)
            {
                await output.WriteLineAsync(await reports.SubmittedXmlAsync(report.Id, ct));
                return AegisCli.Success;
            }

            ServerOptions options;
            Aegis.CyberTip.Evidence.KeyRing ring;
            try
            {
                options = store.ServerSettings(parse, parse.GetValue(config));
                ring = EvidenceKeys.Load(options, TimeProvider.System, generate: false).Ring;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or IOException)
            {
                await error.WriteLineAsync($"aegis cybertip preview: {e.Message}");
                return AegisCli.UsageError;
            }

            var evidence = new EvidenceStore(banks, options.Evidence.Folder, Math.Max(options.Evidence.RetentionDays, Core.Evidence.EvidenceRetention.MinimumDays));
            var vault = new VaultEvidence(new EvidenceVault(evidence, ring, TimeProvider.System), options);
            var (xml, errors) = await new CyberTipDocuments(reports, vault, options, TimeProvider.System).DraftAsync(report, ct);
            if (xml is null)
            {
                foreach (var problem in errors)
                {
                    await error.WriteLineAsync(problem);
                }

                return AegisCli.SomeFailed;
            }

            await output.WriteLineAsync(xml);
            return AegisCli.Success;
        });
        return command;
    }
}
