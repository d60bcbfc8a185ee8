using Aegis.Core.Cases;
using Aegis.Core.Protect;
using Aegis.Core.Reports;

namespace Aegis.Core.Tests.Protect;

/// <summary>The protect page's rules as plain code: what is kept, what is refused, the report a statement makes, receipts.</summary>
public sealed class ProtectRulesTests
{
    private static readonly ProtectLimits Limits = new(MaxFiles: 3, MaxFramesPerVideo: 4, MinQuality: 50);

    private static string Hex(char c, int n) => new(c, n);

    [Fact]
    public void Low_quality_hashes_are_dropped_with_a_kind_note_and_the_files_digests_kept()
    {
        var plan = ProtectRules.Plan(
        [
            new ProtectFile(false, Hex('a', 32), Hex('a', 64), [new ProtectHash(Hex('1', 64), 49)]),
            new ProtectFile(false, Hex('b', 32), Hex('b', 64), [new ProtectHash(Hex('2', 64).ToUpperInvariant(), 50)]),
            new ProtectFile(true, Hex('c', 32), Hex('c', 64), [new ProtectHash(Hex('3', 64), 10, 0), new ProtectHash(Hex('4', 64), 90, 1)]),
        ], null, Limits, out var refusal, out _);

        Assert.Null(refusal);
        Assert.Equal([ProtectRules.PlainPictureNote, null, null], plan!.Files.Select(f => f.Note));
        Assert.Equal([Hex('2', 64)], plan.Pdq);
        Assert.Equal(3, plan.Md5.Count);
        Assert.Equal(Hex('4', 64), Assert.Single(Assert.Single(plan.Videos)).Hash);
        Assert.Equal(1 + 3 + 3 + 1, plan.HashCount);
    }

    [Fact]
    public void Undecodable_pictures_and_plain_videos_keep_only_their_digests()
    {
        var plan = ProtectRules.Plan(
            [new ProtectFile(false, Hex('a', 32), Hex('a', 64), []), new ProtectFile(true, Hex('b', 32), Hex('b', 64), [new ProtectHash(Hex('3', 64), 0, 0)])],
            null, Limits, out _, out _);
        Assert.Equal([ProtectRules.UndecodedNote, ProtectRules.PlainVideoNote], plan!.Files.Select(f => f.Note));
        Assert.Empty(plan.Videos);
    }

    [Theory]
    [InlineData(4, 0, true, "at most 3 files")]
    [InlineData(1, 5, true, "at most 4 frames")]
    [InlineData(0, 0, false, "at least one")]
    public void Oversized_or_empty_submissions_are_refused(int files, int frames, bool tooLarge, string says)
    {
        var file = new ProtectFile(true, Hex('a', 32), Hex('a', 64), [.. Enumerable.Range(0, frames).Select(i => new ProtectHash(Hex('3', 64), 90, i))]);
        Assert.Null(ProtectRules.Plan([.. Enumerable.Repeat(file, files)], null, Limits, out var refusal, out var large));
        Assert.Equal(tooLarge, large);
        Assert.Contains(says, refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, 1, "files[0].pdq[0].second")]
    [InlineData(true, null, "files[0].pdq[0].second")]
    public void A_frame_second_belongs_to_videos_only(bool video, int? second, string field)
    {
        Assert.Null(ProtectRules.Plan([new ProtectFile(video, Hex('a', 32), Hex('a', 64), [new ProtectHash(Hex('3', 64), 90, second)])], null, Limits, out var refusal, out _));
        Assert.StartsWith(field, refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Video_seconds_must_increase_and_a_contact_has_a_limit()
    {
        Assert.Null(ProtectRules.Plan(
            [new ProtectFile(true, Hex('a', 32), Hex('a', 64), [new ProtectHash(Hex('3', 64), 90, 1), new ProtectHash(Hex('3', 64), 90, 1)])], null, Limits, out var refusal, out _));
        Assert.StartsWith("files[0].pdq[1].second", refusal, StringComparison.Ordinal);
        Assert.Null(ProtectRules.Plan([new ProtectFile(false, Hex('a', 32), Hex('a', 64), [])], new string('x', 321), Limits, out refusal, out _));
        Assert.StartsWith("contact", refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ProtectStatement.SelfMinor, ReportCategory.ChildSexualExploitation, true, true)]
    [InlineData(ProtectStatement.Guardian, ReportCategory.ChildSexualExploitation, false, true)]
    [InlineData(ProtectStatement.SelfAdult, ReportCategory.NonConsensualIntimateImagery, true, false)]
    public void Every_statement_makes_a_critical_restricting_report(ProtectStatement statement, ReportCategory category, bool subject, bool minor)
    {
        var intake = ProtectRules.Intake(statement, "item");
        Assert.Equal((category, subject, (bool?)minor, ReportSource.ProtectPage), (intake.Category, intake.ReporterIsSubject, intake.SubjectWasMinor, intake.Source));
        Assert.Equal(PriorityLevel.Critical, TriagePolicy.LevelOf(intake));
        Assert.True(TriagePolicy.ShouldRestrict(intake));
        Assert.Equal(statement, ProtectRules.Parse(ProtectRules.Name(statement)));
    }

    [Fact]
    public void Receipts_are_random_and_read_back_forgivingly()
    {
        var code = ProtectReceipt.New();
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$", code);
        Assert.NotEqual(code, ProtectReceipt.New());
        var key = ProtectReceipt.Key(code);
        Assert.Equal(64, key!.Length);
        Assert.Equal(key, ProtectReceipt.Key(code.ToLowerInvariant().Replace('-', ' ')));
        Assert.Equal(ProtectReceipt.Key("00000-11111-00000-11111"), ProtectReceipt.Key("OOOOO-IIIII-ooooo-lllll"));
        Assert.Null(ProtectReceipt.Key("AAAAA-AAAAA-AAAAA-AAAA"));
        Assert.Null(ProtectReceipt.Key("AAAAA-AAAAA-AAAAA-AAAAU"));
        Assert.Null(ProtectReceipt.Key(null));
    }

    [Fact]
    public void An_upload_joins_only_an_open_case_and_a_withdrawal_closes_only_a_case_nobody_else_reported()
    {
        var now = DateTimeOffset.Parse("2026-12-05T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var open = new Case
        {
            Id = 7, ContentId = "item", State = CaseState.Open, Level = PriorityLevel.Critical, Reports = 1, ChildSafety = true, OpenedAt = now,
            DueAt = now.AddMinutes(30), Exposure = new CaseExposure(0, 0),
        };
        var upload = new ContentState("new", "acct", ContentStatus.Visible, 0, 0, false);
        var match = new CaseMatch("self-submitted", 3, "pdq", 4, "protect", null, null);

        var join = CaseWorkflow.JoinAtGate(open, upload, match)!;
        Assert.Equal((ContentStatus.Restricted, true), (join.Content.Status, join.Content.Demonetized));
        Assert.Equal(new CaseLink("new", CaseLinkKind.Submitted, 4), join.Link);
        Assert.Null(CaseWorkflow.JoinAtGate(open with { State = CaseState.Confirmed }, upload, match));

        var item = new ContentState("item", "acct", ContentStatus.Restricted, 0, 0, true);
        var withdrawn = CaseWorkflow.Withdraw(open, item, othersReported: false, now);
        Assert.Equal((CaseState.Dismissed, ContentStatus.Visible, false), (withdrawn.Case.State, withdrawn.Content.Status, withdrawn.Content.Demonetized));
        Assert.Same(open, CaseWorkflow.Withdraw(open, item, othersReported: true, now).Case);
        Assert.Equal(CaseState.Confirmed, CaseWorkflow.Withdraw(open with { State = CaseState.Confirmed }, item with { Status = ContentStatus.Removed }, false, now).Case.State);
    }
}
