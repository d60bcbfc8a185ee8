using Aegis.Core.Cases;
using Aegis.Core.Content;
using Aegis.Core.CyberTip;
using Aegis.Core.Evidence;
using Aegis.Core.Gate;
using Aegis.Core.Reports;
using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using Aegis.Storage.Tests.Support;

namespace Aegis.Storage.Tests;

public abstract partial class BankStoreTests
{
    [Fact]
    public Task A_case_dossier_shows_everything_that_bears_on_the_decision_and_each_view_is_audited_once() => OnFreshDatabaseAsync(async store =>
    {
        // Given a video held at the gate on a hash-list entry, at its frame 150 (5 s), by an uploader with two other items
        // (a database of its own: the case is confirmed, and its cascade bans hashes and suspends the uploader)
        var cases = new CaseStore(store);
        var contents = new ContentStore(store);
        var vault = new EvidenceStore(store);
        var hold = NewBankName("hold");
        await store.CreateBankAsync(hold, action: BankAction.Hold);
        var pdq = RandomRecords.Hex(_random, SignalType.Pdq);
        var entry = await store.AddEntryAsync(hold, new HashListRecord(SignalType.Pdq, pdq, "x-1", null, "list-2026-11", null, null), "curator");
        var record = new ContentRecord("post", MediaKind.Video, "acct-u", "203.0.113.9", Start, null, pdq, 90, null, null, null, Verdict.Hold);
        var (_, caseId) = await cases.RecordAtGateAsync(record, 0, CaseOrigin.GateHold, new GateMatchEntry(hold, entry.Id, "pdq", 4, Frame: 150, FrameSeconds: 5.0), null);
        var postRow = (await contents.FindAsync("post"))!.RowId;

        // reshared two deep, copied by another account (PDQ distance 3), and the uploader's other items, one with a case
        Task<RecordedContent> UploadAsync(string id, string uploader, string? parent = null, string? hash = null) =>
            contents.RecordAsync(new ContentRecord(id, MediaKind.Image, uploader, null, Start, parent, hash, hash is null ? null : 90, null, null, null, Verdict.Allow));
        await UploadAsync("reshare-1", "acct-a", parent: "post");
        await UploadAsync("reshare-2", "acct-b", parent: "reshare-1");
        var copyRow = (await UploadAsync("copy-1", "acct-c", hash: RandomRecords.Hex(_random, SignalType.Pdq))).RowId;
        await UploadAsync("other-1", "acct-u");
        await UploadAsync("other-2", "acct-u");
        await UploadAsync("unrelated", "acct-z", parent: "other-1");
        var otherCase = (await cases.ReportAsync(Intake("other-1", ReportCategory.OtherPolicy, ReportSource.User, "acct-r", false, null, "spam"), "platform"))[0].CaseId!.Value;

        // the held item seen again (an alert), then reported by the person shown, who says they were a minor, and by a
        // trusted flagger; a hash banked later matches it too
        _time.Now = Start.AddMinutes(1);
        await cases.RecordExposureAsync("post", 120, 6);
        _time.Now = Start.AddMinutes(2);
        var copies = new Dictionary<string, IReadOnlyCollection<(long RowId, int Distance)>> { ["post"] = [(copyRow, 3)] };
        await cases.ReportAsync(Intake("post", ReportCategory.NonConsensualIntimateImagery, ReportSource.User, "acct-v", true, true, "this is me, I was 15"), "platform", copies);
        await cases.ReportAsync(Intake("post", ReportCategory.ChildSexualExploitation, ReportSource.TrustedFlagger, "hotline-1", false, null, null), "flagger");
        var md5Bank = NewBankName("later");
        await store.CreateBankAsync(md5Bank);
        var later = await store.AddEntryAsync(md5Bank, new HashListRecord(SignalType.Md5, RandomRecords.Hex(_random, SignalType.Md5), null, null, "ncmec-2026-12", null, null), "curator");
        await contents.AddMatchEventsAsync([new NewMatchEvent(postRow, md5Bank, later.Id, SignalType.Md5, 0, BankAction.Block)]);

        // its bytes preserved and held; dismissed by ana, confirmed B1 by sam (a CyberTipline draft), its cascade run; and
        // a removed reshare seen again
        var evidenceId = Assert.Single(await vault.ListAsync(caseId)).Id;
        await vault.PreserveAsync(evidenceId, new EvidenceEnvelope("key-1", [1], [2], [3], [4]), new byte[1234], "video/mp4", "gate", "system");
        await vault.HoldAsync(evidenceId, "legal request 7", "admin");
        _time.Now = Start.AddMinutes(3);
        await cases.DecideAsync(caseId, new Decision("ana", ReviewerRole.Reviewer, DecisionKind.Dismiss, "looks adult"));
        await cases.DecideAsync(caseId, new Decision("sam", ReviewerRole.Senior, DecisionKind.ConfirmCsam, "a child", NcmecClassification.B1));
        Assert.True(await cases.RunCascadeAsync(caseId, [(copyRow, 3)]));
        _time.Now = Start.AddMinutes(4);
        await cases.RecordExposureAsync("reshare-1", 50, 2);

        // When a reviewer opens its dossier
        _time.Now = Start.AddMinutes(5);
        var dossier = (await cases.DossierAsync(caseId, "ana"))!;

        // Then it says where the case stands, and shows the item
        Assert.Equal((caseId, CaseState.Confirmed, "Dismissed by ana, then confirmed B1 by sam."), (dossier.Case.Id, dossier.Case.State, dossier.Standing));
        Assert.Equal(new DossierItem("post", MediaKind.Video, "acct-u", Start, null, Verdict.Hold, ContentStatus.Removed, true, 120, 6), dossier.Item);

        // every report: who, their claims, their words
        Assert.Equal(2, dossier.Reports.Total);
        var (victim, flagger) = (dossier.Reports.Items[0], dossier.Reports.Items[1]);
        Assert.Equal((ReporterKind.Victim, "acct-v", true, (bool?)true, "this is me, I was 15", ReportCategory.NonConsensualIntimateImagery, Start.AddMinutes(2)),
            (victim.Reporter, victim.ReporterId, victim.ReporterIsSubject, victim.SubjectWasMinor, victim.Text, victim.Category, victim.ReceivedAt));
        Assert.Equal((ReporterKind.TrustedFlagger, "hotline-1", "post", TriageAction.JoinCase), (flagger.Reporter, flagger.ReporterId, flagger.ContentId, flagger.Outcome));

        // every match: the gate's on its frame, then the one found later, each with where its entry came from
        Assert.Equal(
            [
                new DossierMatch(hold, entry.Id, "list-2026-11", "pdq", 4, BankAction.Hold, AtGate: true, Start, 150, 5.0, new MatchProvenance(null, "x-1", null, null, "list-2026-11")),
                new DossierMatch(md5Bank, later.Id, "ncmec-2026-12", "md5", 0, BankAction.Block, AtGate: false, Start.AddMinutes(2), Provenance: new MatchProvenance(null, null, null, null, "ncmec-2026-12")),
            ],
            dossier.Matches);

        // the reshare tree two deep, with counts, and the copy, all removed by the cascade
        Assert.Equal(2, dossier.Reshares.Total);
        Assert.Equal(
            [
                new ReshareNode("reshare-1", "post", 1, "acct-a", ContentStatus.Removed, true, 50, 2),
                new ReshareNode("reshare-2", "reshare-1", 2, "acct-b", ContentStatus.Removed, true, 0, 0),
            ],
            dossier.Reshares.Items);
        var copy = Assert.Single(dossier.Copies.Items);
        Assert.Equal((1, "copy-1", CaseLinkKind.Copy, (int?)3, ContentStatus.Removed, (long?)null), (dossier.Copies.Total, copy.ContentId, copy.Kind, copy.Distance, copy.Status, copy.CaseId));

        // exposure at each step, now, and the two alerts after restriction, newest first
        var e = dossier.Exposure;
        Assert.Equal(new ExposureCount(Start, 0, 0), e.AtFirstReport);
        Assert.Equal(new ExposureCount(Start, 0, 0), e.AtRestriction);
        Assert.Equal(new ExposureCount(Start.AddMinutes(3), 120, 6), e.AtRemoval);
        Assert.Equal(new ExposureCount(Start.AddMinutes(5), 120, 6), e.Now);
        Assert.Equal(2, e.Alerts.Total);
        Assert.Equal([("reshare-1", 50L, 0L), ("post", 120L, 0L)], e.Alerts.Items.Select(a => (a.ContentId, a.Views, a.ViewsBefore)));

        // the uploader: suspended by this case, their other items newest first with the case on one
        var uploader = dossier.Uploader!;
        Assert.Equal(("acct-u", caseId, true), (uploader.AccountId, uploader.Suspension?.CaseId, uploader.Suspension?.ChildSafety));
        Assert.Equal(2, uploader.OtherItems.Total);
        Assert.Equal(["other-2", "other-1"], uploader.OtherItems.Items.Select(i => i.ContentId));
        Assert.Empty(uploader.OtherItems.Items[0].Cases);
        Assert.Equal([new UploaderCase(otherCase, CaseState.Open, PriorityLevel.Normal, CaseOrigin.Report)], uploader.OtherItems.Items[1].Cases);

        // the CyberTipline draft, and the evidence file's metadata (held)
        var report = dossier.CyberTip!;
        Assert.Equal((CyberTipState.Drafted, "acct-u", caseId), (report.State, report.PersonId, Assert.Single(report.CaseIds)));
        var file = Assert.Single(dossier.Evidence);
        Assert.Equal((evidenceId, "post", MediaKind.Video, EvidenceState.Preserved, "video/mp4", (long?)1234, true, "legal request 7"),
            (file.Id, file.ContentId, file.Kind, file.State, file.MediaType, file.Size, file.Held, file.Hold?.Reason));

        // and the timeline: the entries about the case, its item, its linked items, its uploader, its evidence and its
        // report, oldest first, each summarized; nothing about the uploader's other items
        var timeline = dossier.Timeline.Items;
        Assert.Equal(timeline.Count, dossier.Timeline.Total);
        Assert.Equal(timeline.OrderBy(t => t.At).Select(t => t.At), timeline.Select(t => t.At));
        Assert.All(timeline, t => Assert.False(string.IsNullOrWhiteSpace(t.Summary)));
        string[] subjects = [$"case:{caseId}", "content:post", "content:reshare-1", "content:reshare-2", "content:copy-1", "account:acct-u", $"evidence:{evidenceId}", $"cybertip:{report.ReportId}"];
        Assert.All(timeline, t => Assert.Contains(t.Subject, subjects));
        Assert.Equal("case.opened", timeline[0].Action);
        foreach (var action in new[] { "report.received", "content.restricted", "content.exposure_after_restriction", "evidence.preserved", "evidence.held", "case.decided", "content.removed", "account.suspended", "cybertip.drafted" })
        {
            Assert.Contains(timeline, t => t.Action == action);
        }

        Assert.Contains(timeline, t => t is { Action: "report.received", Summary: var s } && s.Contains("by the person shown; says a minor is shown", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t is { Action: "case.decided", Actor: "sam" } && t.Summary.StartsWith("confirm_csam B1 (senior)", StringComparison.Ordinal));
        Assert.Contains(timeline, t => t is { Action: "content.restricted", Subject: "content:reshare-2" });

        // And the view was audited once, by its viewer; the next view shows it in the timeline and adds one more
        var log = new AuditLog(store);
        Task<int> ViewsAsync() => CountAsync(log, a => a is { Action: "evidence.viewed", Actor: "ana" } && a.Subject == $"case:{caseId}");
        Assert.Equal(1, await ViewsAsync());
        var again = (await cases.DossierAsync(caseId, "ana"))!;
        Assert.Equal(2, await ViewsAsync());
        Assert.Equal(dossier.Timeline.Total + 1, again.Timeline.Total);
        Assert.Equal(("evidence.viewed", "ana", "post; case viewed"), (again.Timeline.Items[^1].Action, again.Timeline.Items[^1].Actor, again.Timeline.Items[^1].Summary));

        // A case that does not exist has no dossier, and nothing is audited
        var entries = await CountAsync(log, _ => true);
        Assert.Null(await cases.DossierAsync(caseId + 1000, "ana"));
        Assert.Equal(entries, await CountAsync(log, _ => true));
        Assert.True((await log.VerifyAsync()).Intact);
    });

    [Fact]
    public Task A_dossier_lists_the_first_reshares_of_a_large_tree_shallowest_first_counts_them_all_and_survives_a_cycle() => OnFreshDatabaseAsync(async store =>
    {
        // Given an item reshared by more accounts than a dossier lists, one of them reshared once more, and an item whose
        // parent is one of its own reshares (a cycle in the platform's parent ids)
        var cases = new CaseStore(store);
        var contents = new ContentStore(store);
        var wide = CaseStore.DossierItems + 20;
        await contents.RecordAsync(new ContentRecord("root", MediaKind.Image, "acct-u", null, Start, "loop", null, null, null, null, null, Verdict.Allow));
        await contents.RecordAsync(new ContentRecord("loop", MediaKind.Image, "acct-l", null, Start, "root", null, null, null, null, null, Verdict.Allow));
        for (var i = 0; i < wide; i++)
        {
            await contents.RecordAsync(new ContentRecord($"r-{i:D4}", MediaKind.Image, $"acct-{i}", null, Start, "root", null, null, null, null, null, Verdict.Allow));
        }

        await contents.RecordAsync(new ContentRecord("deep", MediaKind.Image, "acct-d", null, Start, "r-0000", null, null, null, null, null, Verdict.Allow));
        var caseId = (await cases.ReportAsync(Intake("root", ReportCategory.OtherPolicy, ReportSource.Anonymous, null, false, null, null), "platform"))[0].CaseId!.Value;

        // When its dossier is read
        var reshares = (await cases.DossierAsync(caseId, "ana"))!.Reshares;

        // Then every reshare is counted once (the cycle ends), and the first listed are all of the first level (the
        // reshare of a reshare is not listed before them)
        Assert.Equal(wide + 2, reshares.Total);
        Assert.Equal(CaseStore.DossierItems, reshares.Items.Count);
        Assert.Equal(reshares.Items.Count, reshares.Items.Select(n => n.ContentId).Distinct().Count());
        Assert.DoesNotContain(reshares.Items, n => n.ContentId == "root");
        Assert.All(reshares.Items, n => Assert.Equal(("root", 1), (n.ParentContentId, n.Depth)));
    });

    private static ReportIntake Intake(string contentId, ReportCategory category, ReportSource source, string? reporter, bool isSubject, bool? minor, string? text) =>
        new([contentId], category, source, isSubject, minor, reporter, text);

    private static async Task<int> CountAsync(AuditLog log, Func<AuditEntry, bool> where)
    {
        var count = 0;
        await foreach (var entry in log.ReadAsync())
        {
            count += where(entry) ? 1 : 0;
        }

        return count;
    }
}
