using Aegis.Core.Cases;
using Aegis.Core.Reports;

namespace Aegis.Storage.Tests;

public abstract partial class BankStoreTests
{
    [Fact]
    public async Task A_case_past_its_sla_is_escalated_once_even_across_a_restart()
    {
        var id = NewBankName("sla-post");
        long caseId;
        await using (var store = await OpenAsync())
        {
            var cases = new CaseStore(store);
            var report = new ReportIntake([id], ReportCategory.ChildSexualExploitation, ReportSource.Anonymous, false, null, null, null);
            caseId = (long)(await cases.ReportAsync(report, "test"))[0].CaseId!;
            Assert.Equal(0, await cases.EscalateDueAsync());
        }

        _time.Now = Start.AddHours(2); // past the 1-hour child-safety SLA
        await using (var restarted = await OpenAsync())
        {
            var cases = new CaseStore(restarted);
            Assert.Equal(1, await cases.EscalateDueAsync()); // this test's case: no other test in the class opens one
            Assert.Equal(0, await cases.EscalateDueAsync());
            var escalated = await cases.GetAsync(caseId);
            Assert.Equal((Start.AddHours(2), CaseState.Open), (escalated!.EscalatedAt, escalated.State));
            var stats = await cases.StatsAsync();
            var childSafety = Assert.Single(stats.Levels, l => l.Level == PriorityLevel.ChildSafety);
            Assert.Equal((1, 0.0), (childSafety.Cases, childSafety.SecondsToRestrict?.Median));
            Assert.True((await new AuditLog(restarted).VerifyAsync()).Intact);
        }
    }

    [Fact]
    public Task Reports_written_in_one_batch_are_taken_as_if_one_after_the_other() => OnFreshDatabaseAsync(async store =>
    {
        // Given a batch of reports: two on a new item (one other-policy, then a child-safety one), one on two items at once,
        // and one on an item reported earlier in the same batch. (A database of its own: the cases it opens would
        // otherwise fall due in this class's SLA test.)
        var cases = new CaseStore(store);
        string a = NewBankName("batch-a"), b = NewBankName("batch-b");
        ReportIntake Report(ReportCategory category, params string[] ids) => new(ids, category, ReportSource.User, false, null, "reporter", null);
        var results = await cases.ReportManyAsync(
        [
            new ReportWrite(Report(ReportCategory.OtherPolicy, a), "platform"),
            new ReportWrite(Report(ReportCategory.ChildSexualExploitation, a), "platform"),
            new ReportWrite(Report(ReportCategory.OtherPolicy, b, a), "platform"),
        ]);

        // Then the first opened the case, the second joined it, raised it and restricted the item, the third joined it
        // too and opened one for the other item; every report is counted once, and each result comes back in its order
        Assert.Equal([TriageAction.OpenCase], results[0].Select(r => r.Action));
        Assert.Equal((TriageAction.JoinCase, true, ContentStatus.Restricted, PriorityLevel.ChildSafety), (results[1][0].Action, results[1][0].Restricted, results[1][0].Status, results[1][0].Level));
        Assert.Equal([b, a], results[2].Select(r => r.ContentId));
        Assert.Equal([TriageAction.OpenCase, TriageAction.JoinCase], results[2].Select(r => r.Action));
        var caseA = (await cases.GetAsync(results[0][0].CaseId!.Value))!;
        Assert.Equal((3, PriorityLevel.ChildSafety, true, ContentStatus.Restricted), (caseA.Reports, caseA.Level, caseA.ChildSafety, caseA.ContentStatus));
        Assert.Equal(results[0][0].CaseId, results[2][1].CaseId);
        Assert.Equal(1, (await cases.GetAsync(results[2][0].CaseId!.Value))!.Reports);
        Assert.Equal(4, results.SelectMany(r => r).Select(r => r.ReportId).Distinct().Count());
    });

    [Fact]
    public async Task A_batch_holding_an_invalid_report_writes_nothing()
    {
        await using var store = await OpenAsync();
        var cases = new CaseStore(store);
        var id = NewBankName("batch-bad");
        var good = new ReportIntake([id], ReportCategory.OtherPolicy, ReportSource.User, false, null, null, null);
        var bad = good with { ContentIds = [""] };

        await Assert.ThrowsAsync<BankStoreException>(() => cases.ReportManyAsync([new ReportWrite(good, "platform"), new ReportWrite(bad, "platform")]));

        Assert.DoesNotContain(await cases.ListAsync(limit: 1000), c => c.ContentId == id);
    }
}
