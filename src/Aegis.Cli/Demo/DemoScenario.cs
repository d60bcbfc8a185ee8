using Aegis.Core.Cases;
using Aegis.Core.Reports;

namespace Aegis.Cli.Demo;

/// <summary>
/// What happened on the demo platform over the last six hours, step by step, at the minutes before now each step says:
/// posts and reshares (two deep) with their views and shares, a copy re-uploaded by another account, one upload blocked
/// and one held by the stand-in banks, and reports of every kind — the person shown, who was 15; a trusted flagger;
/// several users at once; intimate imagery; sextortion; ordinary policy reports — with one case confirmed, one dismissed
/// by a first reviewer and awaiting a senior, and one claimed. The queue it leaves has ten open cases of every priority,
/// some past their SLA, one nearly due. Every picture is benign (<see cref="DemoPictures"/>); the report texts are made up.
/// </summary>
internal static class DemoScenario
{
    /// <summary>Its first upload: absent, the story has not been written.</summary>
    public const string FirstUpload = "demo-post-01";

    /// <summary>Its last step: present, the story was written to the end.</summary>
    public const string LastUpload = "demo-post-10";

    /// <summary>A re-encoded copy of the stand-in for known material: blocked at the gate on a perceptual match.</summary>
    public const string BlockedUpload = "demo-upload-bridge";

    /// <summary>The stand-in on a partner's list: held at the gate for review.</summary>
    public const string HeldUpload = "demo-upload-wee";

    /// <summary>How long ago the story starts.</summary>
    public static readonly TimeSpan Length = TimeSpan.FromHours(6);

    public static async Task RunAsync(DemoSeeder s, CancellationToken ct)
    {
        await s.AtAsync(360, ct);
        (string Id, string Uploader, long Views, long Shares)[] posts =
        [
            ("demo-post-01", "user-1001", 900, 30), ("demo-post-02", "user-1002", 15_200, 840), ("demo-post-03", "user-1003", 2_100, 95),
            ("demo-post-04", "user-1004", 640, 8), ("demo-post-05", "user-1005", 1_300, 22), ("demo-post-06", "user-1006", 310, 4),
            ("demo-post-07", "user-1007", 5_200, 160), ("demo-post-08", "user-1008", 120, 2), ("demo-post-09", "user-1009", 75, 1),
            ("demo-post-11", "user-1011", 2_800, 400),
        ];
        foreach (var (id, uploader, views, shares) in posts)
        {
            await s.UploadAsync(id, uploader, null, ct);
            await s.ExposureAsync(id, views, shares, ct);
        }

        await s.AtAsync(330, ct);
        await s.UploadAsync("demo-post-01-reshare-1", "user-1021", "demo-post-01", ct);
        await s.ExposureAsync("demo-post-01-reshare-1", 420, 12, ct);
        await s.UploadAsync("demo-post-01-reshare-2", "user-1022", "demo-post-01-reshare-1", ct);
        await s.ExposureAsync("demo-post-01-reshare-2", 260, 5, ct);
        await s.UploadAsync("demo-post-07-reshare-1", "user-1023", "demo-post-07", ct);
        var scam = await s.ReportAsync("demo-post-11", ReportCategory.OtherPolicy, "user-2011", "A fake giveaway that asks for card details to claim a prize.", ct);

        await s.AtAsync(300, ct);
        await s.ReportAsync("demo-post-06", ReportCategory.OtherPolicy, "user-2006", "The same advert for fake sunglasses, posted in every group I am in.", ct);

        await s.AtAsync(250, ct);
        await s.UploadAsync(BlockedUpload, "user-1031", null, ct);

        await s.AtAsync(240, ct);
        await s.ReportAsync("demo-post-05", ReportCategory.NonConsensualIntimateImagery, "user-2005", "These are private photos of my friend, shared without her consent.", ct);

        await s.AtAsync(205, ct);
        await s.ClaimAsync(scam, "demo-reviewer", ct);
        await s.AtAsync(200, ct);
        await s.DecideAsync(scam, new Decision("demo-reviewer", ReviewerRole.Reviewer, DecisionKind.ConfirmViolation, "A scam: it asks for card details for a prize that does not exist."), ct);
        await s.UploadAsync("demo-copy-01", "user-1041", null, ct); // picture 01 re-encoded and posted again by another account: a copy, not a reshare
        await s.ExposureAsync("demo-copy-01", 180, 3, ct);

        await s.AtAsync(180, ct);
        var child = await s.ReportAsync("demo-post-03", ReportCategory.ChildSexualExploitation, "user-2031", "This looks like a child posed in a sexual way.", ct);
        await s.ReportAsync("demo-post-03", ReportCategory.ChildSexualExploitation, null, "child abuse", ct);
        await s.ReportAsync("demo-post-03", ReportCategory.ChildSexualExploitation, "user-2032", "The girl in this looks about 12.", ct, minor: true);
        await s.AtAsync(170, ct);
        await s.ExposureAsync("demo-post-03", 2_300, 101, ct); // seen after it was restricted: an exposure alert

        await s.AtAsync(120, ct);
        await s.ReportAsync("demo-post-04", ReportCategory.NonConsensualIntimateImagery, "user-2041", "This is me. I never agreed to this being shared. Please take it down.", ct, isSubject: true, minor: false);

        await s.AtAsync(90, ct);
        await s.UploadAsync(HeldUpload, "user-1051", null, ct);

        await s.AtAsync(60, ct);
        await s.ReportAsync("demo-post-07", ReportCategory.OtherPolicy, "user-2071", "This post mocks my sister by name and people are piling on.", ct);
        await s.ClaimAsync(child, "demo-reviewer-2", ct);
        await s.DecideAsync(child, new Decision("demo-reviewer-2", ReviewerRole.Reviewer, DecisionKind.Dismiss, "Abstract shapes only: no person, let alone a child, is shown. The reports look mistaken."), ct);

        await s.AtAsync(50, ct);
        await s.FlagAsync("demo-post-02", ReportCategory.ChildSexualExploitation, "demo-hotline", "Hotline reference HL-2041: reported to us as child sexual abuse material. Please review and preserve.", ct);

        await s.AtAsync(25, ct);
        await s.ExposureAsync("demo-post-01", 3_400, 120, ct);
        await s.ReportAsync(
            "demo-post-01", ReportCategory.ChildSexualExploitation, "user-2101",
            "This is me. I was 15 when this was taken and I never agreed to it being posted. Please take it down.", ct, isSubject: true, minor: true);

        await s.AtAsync(15, ct);
        await s.ExposureAsync("demo-post-01", 3_650, 131, ct); // still climbing after the restriction: an exposure alert
        await s.ReportAsync("demo-post-01-reshare-2", ReportCategory.ChildSexualExploitation, "user-2102", "Someone keeps resharing a picture of a girl from my school.", ct, minor: true);

        await s.AtAsync(10, ct);
        var sextortion = await s.ReportAsync(
            "demo-post-08", ReportCategory.Sextortion, "user-2081",
            "My little brother is being threatened: they say they will send his pictures to everyone at school unless he pays.", ct, minor: true);

        await s.AtAsync(5, ct);
        await s.ReportAsync("demo-post-09", ReportCategory.OtherPolicy, null, "The caption threatens a named person.", ct);

        await s.AtAsync(2, ct);
        await s.ClaimAsync(sextortion, "demo-reviewer-2", ct);

        await s.AtAsync(0, ct);
        await s.UploadAsync(LastUpload, "user-1010", null, ct);
        await s.ExposureAsync(LastUpload, 12, 0, ct);
    }
}
