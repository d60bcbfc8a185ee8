using Aegis.Cli.Demo;

namespace Aegis.Console.Tests.Support;

/// <summary>
/// What the browser tests review: the demo's story (<c>aegis serve --demo</c>) told by a platform through the public API
/// instead of the server's services, and without its history of claims and decisions (the tests make those through the
/// pages). Posts and reshares two deep with their views and shares, a copy re-uploaded by another account, an upload
/// blocked and one held by the stand-in banks, and reports of every kind: the person shown, who was 15 (reported first:
/// the top of every reviewer's queue); a trusted flagger; several users at once; sextortion; intimate imagery reported
/// by the person shown and by others; ordinary policy areas. Every picture is benign (<see cref="DemoPictures"/>).
/// </summary>
internal static class ConsoleStory
{
    /// <summary>Reported by the person shown, who was 15: critical, child-safety, and the oldest such case.</summary>
    public const string Top = "post-01";

    /// <summary>The top item's uploader (suspended when it is confirmed).</summary>
    public const string TopUploader = "user-1001";

    /// <summary>Reshares of the top item (the second a reshare of the first).</summary>
    public static readonly IReadOnlyList<string> TopReshares = ["post-01-reshare-1", "post-01-reshare-2"];

    /// <summary>The top item's picture re-encoded and posted again by another account: a copy by hash, not a reshare.</summary>
    public const string TopCopy = "copy-01";

    /// <summary>Flagged by a hotline (a trusted flagger) as child sexual abuse material.</summary>
    public const string Flagged = "post-02";

    /// <summary>Reported three times as child sexual exploitation, once saying the child looks about 12.</summary>
    public const string ReportedThrice = "post-03";

    /// <summary>Intimate imagery reported by the adult it shows: critical, in the general queue (its top case).</summary>
    public const string IntimateBySubject = "post-04";

    /// <summary>Intimate imagery reported by a friend: high priority, general queue.</summary>
    public const string Intimate = "post-05";

    /// <summary>An advert posted everywhere: an ordinary policy report.</summary>
    public const string Spam = "post-06";

    /// <summary>Harassment of a named person: an ordinary policy report, with a reshare.</summary>
    public const string Harassment = "post-07";

    /// <summary>Sextortion of a minor: child-safety.</summary>
    public const string Sextortion = "post-08";

    /// <summary>A threat in a caption, reported anonymously.</summary>
    public const string Threat = "post-09";

    /// <summary>A scam: an ordinary policy report.</summary>
    public const string Scam = "post-11";

    /// <summary>A re-encoded copy of the stand-in for known material: blocked at the gate (a case confirmed by the match).</summary>
    public const string Blocked = "upload-bridge";

    /// <summary>The stand-in on a partner's list: held at the gate for review (an open case with its bank match).</summary>
    public const string Held = "upload-wee";

    /// <summary>Posts the story tells, with their uploader, views and shares.</summary>
    private static readonly (string Id, int Picture, string Uploader, long Views, long Shares)[] Posts =
    [
        (Top, 1, TopUploader, 900, 30), (Flagged, 2, "user-1002", 15_200, 840), (ReportedThrice, 3, "user-1003", 2_100, 95),
        (IntimateBySubject, 4, "user-1004", 640, 8), (Intimate, 5, "user-1005", 1_300, 22), (Spam, 6, "user-1006", 310, 4),
        (Harassment, 7, "user-1007", 5_200, 160), (Sextortion, 8, "user-1008", 120, 2), (Threat, 9, "user-1009", 75, 1),
        ("post-10", 10, "user-1010", 12, 0), (Scam, 11, "user-1011", 2_800, 400),
    ];

    /// <summary>Tells the story; returns each reported or gated item's case.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> TellAsync(Platform platform)
    {
        var cases = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (id, picture, uploader, views, shares) in Posts)
        {
            await platform.UploadAsync(id, uploader, DemoPictures.Drawn(picture));
            await platform.ExposureAsync(id, views, shares);
        }

        // A reshare serves its original's bytes, as the demo's do.
        await platform.UploadAsync(TopReshares[0], "user-1021", DemoPictures.Drawn(1), parent: Top);
        await platform.ExposureAsync(TopReshares[0], 420, 12);
        await platform.UploadAsync(TopReshares[1], "user-1022", DemoPictures.Drawn(1), parent: TopReshares[0]);
        await platform.ExposureAsync(TopReshares[1], 260, 5);
        await platform.UploadAsync("post-07-reshare-1", "user-1023", DemoPictures.Drawn(7), parent: Harassment);
        await platform.UploadAsync(TopCopy, "user-1041", DemoPictures.Reencoded(DemoPictures.Drawn(1)));
        await platform.ExposureAsync(TopCopy, 180, 3);

        cases[Top] = await platform.ReportAsync(
            Top, "child_sexual_exploitation", "user-2101",
            "This is me. I was 15 when this was taken and I never agreed to it being posted. Please take it down.", subject: true, minor: true);
        await platform.ExposureAsync(Top, 3_650, 131); // still climbing after the restriction: an exposure alert
        cases[Flagged] = await platform.FlagAsync(
            Flagged, "child_sexual_exploitation", "Hotline reference HL-2041: reported to us as child sexual abuse material. Please review and preserve.");
        cases[ReportedThrice] = await platform.ReportAsync(ReportedThrice, "child_sexual_exploitation", "user-2031", "This looks like a child posed in a sexual way.");
        await platform.ReportAsync(ReportedThrice, "child_sexual_exploitation", null, "child abuse");
        await platform.ReportAsync(ReportedThrice, "child_sexual_exploitation", "user-2032", "The girl in this looks about 12.", minor: true);
        cases[Sextortion] = await platform.ReportAsync(
            Sextortion, "sextortion", "user-2081",
            "My little brother is being threatened: they say they will send his pictures to everyone at school unless he pays.", minor: true);
        cases[IntimateBySubject] = await platform.ReportAsync(
            IntimateBySubject, "non_consensual_intimate_imagery", "user-2041", "This is me. I never agreed to this being shared. Please take it down.", subject: true, minor: false);
        cases[Intimate] = await platform.ReportAsync(Intimate, "non_consensual_intimate_imagery", "user-2005", "These are private photos of my friend, shared without her consent.");
        cases[Scam] = await platform.ReportAsync(Scam, "other_policy", "user-2011", "A fake giveaway that asks for card details to claim a prize.");
        cases[Spam] = await platform.ReportAsync(Spam, "other_policy", "user-2006", "The same advert for fake sunglasses, posted in every group I am in.");
        cases[Harassment] = await platform.ReportAsync(Harassment, "other_policy", "user-2071", "This post mocks my sister by name and people are piling on.");
        cases[Threat] = await platform.ReportAsync(Threat, "other_policy", null, "The caption threatens a named person.");

        // The stand-in banks (made before the server started) block one upload and hold another.
        cases[Blocked] = (long)(await platform.UploadAsync(Blocked, "user-1031", DemoPictures.Reencoded(DemoPictures.Sample(DemoPictures.Bridge))))["case_id"]!;
        cases[Held] = (long)(await platform.UploadAsync(Held, "user-1051", DemoPictures.Sample(DemoPictures.Wee)))["case_id"]!;

        await platform.PreservedAsync(cases.Values);
        return cases;
    }
}
