using System.CommandLine;
using Aegis.Matching.Banks;
using Aegis.Matching.Video;
using Aegis.Storage;

namespace Aegis.Cli.Banks;

internal static class BankCreateCommand
{
    public static Command Create()
    {
        var name = BankCommand.NameArgument();
        var threshold = new Option<int>("--threshold") { Description = "Largest PDQ distance that matches (0–63).", DefaultValueFactory = _ => Bank.DefaultPdqThreshold };
        var action = new Option<BankAction>("--action") { Description = "What a match does: block, hold (for review) or flag.", DefaultValueFactory = _ => BankAction.Block };
        var negative = new Option<bool>("--negative") { Description = "A negative bank: its matches cancel matches against the others (known false positives)." };
        var description = new Option<string?>("--description") { Description = "Free text for curators." };
        var videoQuery = new Option<double>("--video-query-percent") { Description = "Video reference rule: least share of the upload's frames that match (default 80).", DefaultValueFactory = _ => VideoMatchThresholds.Default.QueryPercent };
        var videoContainment = new Option<double>("--video-containment-percent") { Description = "Video containment rule: least share of the known video's seconds matched (default 80; above 100 turns it off).", DefaultValueFactory = _ => VideoMatchThresholds.Default.ContainmentPercent };
        var videoSegment = new Option<int>("--video-segment-frames") { Description = "Video segment rule (holds for review): least matching upload frames (default 5).", DefaultValueFactory = _ => VideoMatchThresholds.Default.SegmentFrames };
        var store = new StoreOptions();
        var command = new Command("create", "Create a bank.") { name, threshold, action, negative, description, videoQuery, videoContainment, videoSegment };
        store.AddTo(command);
        command.SetStoreAction(store, async (parse, banks, output, _, ct) =>
        {
            var created = await banks.CreateBankAsync(
                parse.GetRequiredValue(name),
                parse.GetValue(threshold),
                parse.GetValue(action),
                parse.GetValue(negative) ? BankKind.Negative : BankKind.Ordinary,
                parse.GetValue(description),
                VideoRules(parse.GetValue(videoQuery), parse.GetValue(videoContainment), parse.GetValue(videoSegment)),
                ct);
            await output.WriteLineAsync($"created bank {created.Name}: {created.Kind.ToString().ToLowerInvariant()}, action {created.Action.ToString().ToLowerInvariant()}, PDQ threshold {created.PdqThreshold}");
            return AegisCli.Success;
        });
        return command;
    }

    private static VideoMatchThresholds VideoRules(double query, double containment, int segment)
    {
        if (!double.IsFinite(query) || query < 0 || !double.IsFinite(containment) || containment < 0)
        {
            throw new BankStoreException(BankStoreError.Invalid, "Video percentages are numbers from 0 (above 100 turns a rule off).");
        }

        if (segment < 1)
        {
            throw new BankStoreException(BankStoreError.Invalid, $"--video-segment-frames is at least 1; got {segment}.");
        }

        return VideoMatchThresholds.Default with { QueryPercent = query, ContainmentPercent = containment, SegmentFrames = segment };
    }
}
