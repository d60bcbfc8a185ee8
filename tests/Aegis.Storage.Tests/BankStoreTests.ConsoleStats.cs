using Aegis.Core.Cases;
using Aegis.Core.Reports;
using Aegis.Core.Stats;

namespace Aegis.Storage.Tests;

public abstract partial class BankStoreTests
{
    private static readonly DateTimeOffset Nov1 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public Task Console_stats_give_each_day_its_times_to_act_queue_exposure_and_breaches() => OnFreshDatabaseAsync(async store =>
    {
        // Given cases whose every step happens at a time the clock is set to (a database of its own, so no other test's
        // cases are counted):
        var cases = new CaseStore(store);
        var (day1, day2, day3) = (Nov1, Nov1.AddDays(1), Nov1.AddDays(2));

        // G: open before the period (normal), dismissed on day 2.
        var g = await ReportAtAsync(cases, Nov1.AddHours(-4), NewBankName("stats-g"), ReportCategory.OtherPolicy);

        // A0-A4: opened on day 1 for another policy, restricted 1, 2, 3, 4 and 10 minutes later by a child-safety report
        // (due an hour after that, and left open past it); A4's item gained 1,000 views and 7 shares in between.
        var a = new List<(long Case, string Item)>();
        int[] minutes = [1, 2, 3, 4, 10];
        for (var i = 0; i < minutes.Length; i++)
        {
            var item = NewBankName($"stats-a{i}");
            var opened = day1.AddHours(1 + i);
            a.Add((await ReportAtAsync(cases, opened, item, ReportCategory.OtherPolicy), item));
            if (i == 4)
            {
                _time.Now = opened.AddMinutes(5);
                await cases.RecordExposureAsync(item, 1000, 7);
            }

            await ReportAtAsync(cases, opened.AddMinutes(minutes[i]), item, ReportCategory.ChildSexualExploitation);
        }

        // B: restricted 5 minutes after its report (40 views and 4 shares gained first), removed 30 minutes after it,
        // before its SLA ran out.
        var bItem = NewBankName("stats-b");
        var b = await ReportAtAsync(cases, day1.AddHours(6), bItem, ReportCategory.OtherPolicy);
        _time.Now = day1.AddHours(6).AddMinutes(3);
        await cases.RecordExposureAsync(bItem, 40, 4);
        await ReportAtAsync(cases, day1.AddHours(6).AddMinutes(5), bItem, ReportCategory.ChildSexualExploitation);
        await ConfirmAtAsync(cases, b, day1.AddHours(6).AddMinutes(30));

        // C: opened just before midnight, restricted 30 minutes later on day 2, left open past its due.
        var cItem = NewBankName("stats-c");
        await ReportAtAsync(cases, day2.AddMinutes(-10), cItem, ReportCategory.OtherPolicy);
        await ReportAtAsync(cases, day2.AddMinutes(20), cItem, ReportCategory.ChildSexualExploitation);

        // G dismissed; D opened on day 2, 500 views and 50 shares later removed 2 hours after its report, never restricted.
        _time.Now = day2.AddHours(9);
        await cases.DecideAsync(g, new Decision("reviewer-ana", ReviewerRole.Reviewer, DecisionKind.Dismiss, "not a violation"));
        var dItem = NewBankName("stats-d");
        var d = await ReportAtAsync(cases, day2.AddHours(10), dItem, ReportCategory.OtherPolicy);
        _time.Now = day2.AddHours(11);
        await cases.RecordExposureAsync(dItem, 500, 50);
        await ConfirmAtAsync(cases, d, day2.AddHours(12));

        // Day 3: A0 removed (56 hours after its report); E restricted as it opens (due at noon); F and H opened.
        await ConfirmAtAsync(cases, a[0].Case, day3.AddHours(9));
        await ReportAtAsync(cases, day3.AddHours(11), NewBankName("stats-e"), ReportCategory.ChildSexualExploitation);
        await ReportAtAsync(cases, day3.AddHours(11).AddMinutes(10), NewBankName("stats-f"), ReportCategory.OtherPolicy);
        await ReportAtAsync(cases, day3.AddHours(11).AddMinutes(20), NewBankName("stats-h"), ReportCategory.NonConsensualIntimateImagery);

        // When the three days are read at 11:30 on day 3, asked from a time inside day 1 to one inside day 3
        _time.Now = day3.AddHours(11).AddMinutes(30);
        var stats = await cases.ConsoleStatsAsync(day1.AddHours(5), day3.AddHours(1), StatsBucket.Day);

        // Then the period is the three whole days
        Assert.Equal((day1, day1.AddDays(3), StatsBucket.Day, _time.Now), (stats.From, stats.To, stats.Bucket, stats.Now));
        Assert.Equal([day1, day2, day3], stats.Buckets.Select(x => x.Start));
        var (s1, s2, s3) = (stats.Buckets[0], stats.Buckets[1], stats.Buckets[2]);

        // Time to restrict, by the day of restriction: 1, 2, 3, 4, 5 and 10 minutes on day 1 (the median the lower
        // middle value, the 90th percentile the 6th of 6); C's half hour on day 2; E's none on day 3.
        Assert.Equal(new Percentile(6, 180, 600), s1.SecondsToRestrict);
        Assert.Equal(new Percentile(1, 1800, 1800), s2.SecondsToRestrict);
        Assert.Equal(new Percentile(1, 0, 0), s3.SecondsToRestrict);

        // Time to remove: B's half hour, D's 2 hours, A0's 56 hours.
        Assert.Equal(new Percentile(1, 1800, 1800), s1.SecondsToRemove);
        Assert.Equal(new Percentile(1, 7200, 7200), s2.SecondsToRemove);
        Assert.Equal(new Percentile(1, 56 * 3600, 56 * 3600), s3.SecondsToRemove);

        // Opened, by level now (A0-A4, B and C were raised to child safety); G opened before the period is not counted.
        Assert.Equal(Levels(childSafety: 7), Counts(s1.Opened));
        Assert.Equal(Levels(normal: 1), Counts(s2.Opened));
        Assert.Equal(Levels(childSafety: 1, high: 1, normal: 1), Counts(s3.Opened));

        // The open queue at each day's end: G and six of day 1's cases; G and D closed on day 2; A0 closed on day 3, and
        // E, F and H opened (day 3 is under way: its figure is now's).
        Assert.Equal(Levels(childSafety: 6, normal: 1), Counts(s1.OpenAtEnd!));
        Assert.Equal(Levels(childSafety: 6), Counts(s2.OpenAtEnd!));
        Assert.Equal(Levels(childSafety: 6, high: 1, normal: 1), Counts(s3.OpenAtEnd!));

        // Exposure after report, by the day of restriction (or of removal, for D, never restricted): A0's removal on day
        // 3 adds nothing (its item was hidden at its restriction on day 1).
        Assert.Equal(new ExposureGain(6, 1040, 1000, 11, 7), s1.ExposureAfterReport);
        Assert.Equal(new ExposureGain(2, 500, 500, 50, 50), s2.ExposureAfterReport);
        Assert.Equal(new ExposureGain(1, 0, 0, 0, 0), s3.ExposureAfterReport);

        // SLA breaches, by the day the SLA ran out: A0-A4 (A0 counts though closed since: it was open then), not B (closed
        // in time), C on day 2, none yet on day 3 (E is due at noon).
        Assert.Equal(Levels(childSafety: 5), Counts(s1.SlaBreaches));
        Assert.Equal(Levels(childSafety: 1), Counts(s2.SlaBreaches));
        Assert.Equal(Levels(), Counts(s3.SlaBreaches));

        // And at 12:30 E's SLA has run out while it was open
        _time.Now = day3.AddHours(12).AddMinutes(30);
        var later = await cases.ConsoleStatsAsync(day1, day1.AddDays(3), StatsBucket.Day);
        Assert.Equal(Levels(childSafety: 1), Counts(later.Buckets[2].SlaBreaches));
    });

    [Fact]
    public Task Console_stats_by_hour_and_past_now_leave_buckets_empty_and_the_queue_of_buckets_not_begun_unknown() => OnFreshDatabaseAsync(async store =>
    {
        // Given one case opened at 10:20 and restricted at 10:50
        var cases = new CaseStore(store);
        var item = NewBankName("stats-hour");
        await ReportAtAsync(cases, Nov1.AddHours(10).AddMinutes(20), item, ReportCategory.OtherPolicy);
        await ReportAtAsync(cases, Nov1.AddHours(10).AddMinutes(50), item, ReportCategory.Sextortion);

        // When the hours from 9:00 to 13:00 are read at 11:15
        _time.Now = Nov1.AddHours(11).AddMinutes(15);
        var stats = await cases.ConsoleStatsAsync(Nov1.AddHours(9), Nov1.AddHours(13), StatsBucket.Hour);

        // Then the case is in the 10:00 bucket, the others are empty, and the hours after 11:00 have no queue yet
        Assert.Equal(4, stats.Buckets.Count);
        Assert.Equal([null, new Percentile(1, 1800, 1800), null, null], stats.Buckets.Select(x => x.SecondsToRestrict));
        Assert.All(stats.Buckets.Select(x => x.SecondsToRemove), Assert.Null);
        Assert.Equal([Levels(), Levels(childSafety: 1), Levels(), Levels()], stats.Buckets.Select(x => Counts(x.Opened)));
        Assert.Equal([0, 1, 1], stats.Buckets.Take(3).Select(x => x.OpenAtEnd!.Sum(l => l.Count)));
        Assert.Null(stats.Buckets[3].OpenAtEnd);
        Assert.Equal(ExposureGain.None, stats.Buckets[0].ExposureAfterReport);
    });

    [Fact]
    public async Task Console_stats_refuse_a_period_that_is_no_period_naming_the_field()
    {
        await using var store = await OpenAsync();
        var cases = new CaseStore(store);

        var backwards = await Assert.ThrowsAsync<BankStoreException>(() => cases.ConsoleStatsAsync(Nov1.AddDays(1), Nov1, StatsBucket.Day));
        var tooLong = await Assert.ThrowsAsync<BankStoreException>(() => cases.ConsoleStatsAsync(Nov1, Nov1.AddDays(17), StatsBucket.Hour));

        Assert.Equal(BankStoreError.Invalid, backwards.Error);
        Assert.Contains("from (2026-11-02T00:00:00Z) must be before to", backwards.Message, StringComparison.Ordinal);
        Assert.Contains("408 buckets", tooLong.Message, StringComparison.Ordinal);
    }

    private async Task<long> ReportAtAsync(CaseStore cases, DateTimeOffset at, string item, ReportCategory category)
    {
        _time.Now = at;
        var intake = new ReportIntake([item], category, ReportSource.User, false, null, "reporter", null);
        return (long)(await cases.ReportAsync(intake, "platform"))[0].CaseId!;
    }

    /// <summary>Confirms a case and runs its cascade (which removes the item) at <paramref name="at"/>.</summary>
    private async Task ConfirmAtAsync(CaseStore cases, long caseId, DateTimeOffset at)
    {
        _time.Now = at;
        await cases.DecideAsync(caseId, new Decision("reviewer-ana", ReviewerRole.Reviewer, DecisionKind.ConfirmViolation, "violates policy"));
        Assert.True(await cases.RunCascadeAsync(caseId, []));
    }

    /// <summary>Counts by level, most urgent first (as the stats give them).</summary>
    private static int[] Levels(int critical = 0, int trustedFlag = 0, int childSafety = 0, int high = 0, int normal = 0) =>
        [critical, trustedFlag, childSafety, high, normal];

    private static int[] Counts(IReadOnlyList<LevelCount> counts)
    {
        Assert.Equal(Enum.GetValues<PriorityLevel>().Reverse(), counts.Select(c => c.Level));
        return [.. counts.Select(c => c.Count)];
    }
}
