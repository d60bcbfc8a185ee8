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
}
