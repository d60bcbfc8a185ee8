using System.Collections.Concurrent;
using Aegis.Core.Cases;
using Aegis.Core.Content;
using Aegis.Core.Gate;
using Aegis.Core.Reports;
using Aegis.Matching.Banks;
using Aegis.Storage.Tests.Support;

namespace Aegis.Storage.Tests;

/// <summary>The review queue, who may see it, and claiming the next case (each on a database of its own: the queue is every case).</summary>
public abstract partial class BankStoreTests
{
    private static readonly QueueReader Ana = new("ana", ReaderRole.Reviewer);
    private static readonly QueueReader Ben = new("ben", ReaderRole.SeniorReviewer);

    private static ReportIntake Reported(
        string id, ReportCategory category, ReportSource source = ReportSource.User, bool subject = false, bool? minor = null) =>
        new([id], category, source, subject, minor, source == ReportSource.Anonymous ? null : "reporter-1", null);

    private static async Task<long> OpenCaseAsync(CaseStore cases, ReportIntake report) =>
        (long)(await cases.ReportAsync(report, "platform"))[0].CaseId!;

    [Fact]
    public Task The_queue_lists_cases_by_priority_then_age_with_why_each_is_there_its_sla_claim_and_exposure() => OnFreshDatabaseAsync(async store =>
    {
        // Given cases of every reason, opened a minute apart
        var cases = new CaseStore(store);
        var contents = new ContentStore(store);
        await contents.RecordAsync(new ContentRecord("older", MediaKind.Hashes, "acct-1", null, null, null, null, null, null, null, null, Verdict.Allow));
        await cases.RecordExposureAsync("older", 100, 4);
        var older = await OpenCaseAsync(cases, Reported("older", ReportCategory.OtherPolicy));
        await cases.RecordExposureAsync("older", 250, 9);
        _time.Now += TimeSpan.FromMinutes(1);
        var newer = await OpenCaseAsync(cases, Reported("newer", ReportCategory.OtherPolicy, ReportSource.Anonymous));
        _time.Now += TimeSpan.FromMinutes(1);
        var shown = await OpenCaseAsync(cases, Reported("shown", ReportCategory.NonConsensualIntimateImagery, subject: true));
        _time.Now += TimeSpan.FromMinutes(1);
        var flagged = await OpenCaseAsync(cases, Reported("flagged", ReportCategory.ChildSexualExploitation, ReportSource.TrustedFlagger));
        _time.Now += TimeSpan.FromMinutes(1);
        var minor = await OpenCaseAsync(cases, Reported("minor", ReportCategory.NonConsensualIntimateImagery, minor: true));
        _time.Now += TimeSpan.FromMinutes(1);
        var (_, held) = await cases.RecordAtGateAsync(
            new ContentRecord("held", MediaKind.Hashes, "acct-2", null, null, null, null, null, RandomRecords.Hex(_random, SignalType.Md5), null, null, Verdict.Hold),
            0, CaseOrigin.GateHold, new GateMatchEntry("known", 5, "md5", 0), null);
        var matchedRow = (await contents.FindAsync("older"))!.RowId;
        await contents.AddMatchEventsAsync([new NewMatchEvent(matchedRow, "known", 6, SignalType.Md5, 0, BankAction.Hold)]);
        _time.Now += TimeSpan.FromMinutes(40); // past the 30-minute SLAs (the person shown, the gate's hold, the flag), within the others
        await cases.ClaimAsync(newer, "cy");
        var claimedAt = _time.Now;

        // When an admin reads the whole queue
        var admin = new QueueReader("root", ReaderRole.Admin);
        var page = await cases.QueueAsync(admin, new QueueQuery());

        // Then the highest priority comes first, the oldest first within a level
        Assert.Equal(6, page.Total);
        Assert.Equal([shown, held, flagged, minor, older, newer], page.Items.Select(i => i.Id));
        var byId = page.Items.ToDictionary(i => i.Id);
        Assert.Equal([ReviewReason.PersonShown, ReviewReason.UserReport], byId[shown].Reasons);
        Assert.Equal([ReviewReason.BankMatch], byId[held].Reasons);
        Assert.Equal([ReviewReason.TrustedFlagger], byId[flagged].Reasons);
        Assert.Equal([ReviewReason.Minor, ReviewReason.UserReport], byId[minor].Reasons);
        Assert.Equal([ReviewReason.BankMatch, ReviewReason.UserReport], byId[older].Reasons); // matched a bank after it was reported
        Assert.Equal([ReviewReason.UserReport], byId[newer].Reasons);
        Assert.Equal(
            [ReviewQueue.General, ReviewQueue.ChildSafety, ReviewQueue.ChildSafety, ReviewQueue.ChildSafety, ReviewQueue.General, ReviewQueue.General],
            page.Items.Select(i => i.Queue));

        // The SLA: breached where it is 30 minutes, not where it is an hour or more
        Assert.Equal([true, true, true, false, false, false], page.Items.Select(i => i.SlaBreached));
        Assert.Equal(SlaPolicy.Default.DueAt(byId[older].OpenedAt, PriorityLevel.Normal), byId[older].DueAt);

        // The claim, with its time; the exposure now and at the first report
        Assert.Equal(("cy", claimedAt, claimedAt + CaseRules.DefaultClaimLifetime), (byId[newer].ClaimedBy, byId[newer].ClaimedAt, byId[newer].ClaimedUntil));
        Assert.False(byId[newer].CanAct);
        Assert.Contains("claimed by cy", byId[newer].Why);
        Assert.Null(byId[older].ClaimedBy);
        Assert.Equal((250L, 9L, 100L, 4L), (byId[older].Views, byId[older].Shares, byId[older].ViewsAtFirstReport, byId[older].SharesAtFirstReport));
        Assert.Equal(1, byId[older].Reports);

        // Paged, with the total of every page; filtered by queue and by reason
        var second = await cases.QueueAsync(admin, new QueueQuery(Limit: 2, Offset: 2));
        Assert.Equal((6, 2), (second.Total, second.Offset));
        Assert.Equal([flagged, minor], second.Items.Select(i => i.Id));
        var general = await cases.QueueAsync(admin, new QueueQuery(ReviewQueue.General));
        Assert.Equal([shown, older, newer], general.Items.Select(i => i.Id));
        Assert.Equal(3, general.Total);
        foreach (var reason in ReviewReasons.All)
        {
            var filtered = await cases.QueueAsync(admin, new QueueQuery(Reason: reason));
            Assert.Equal(page.Items.Where(i => i.Reasons.Contains(reason)).Select(i => i.Id), filtered.Items.Select(i => i.Id));
            Assert.Equal(filtered.Items.Count, filtered.Total);
        }

        var bad = await Assert.ThrowsAsync<BankStoreException>(() => cases.QueueAsync(admin, new QueueQuery(Limit: 0)));
        Assert.Contains("limit", bad.Message, StringComparison.Ordinal);
    });

    [Fact]
    public Task Who_sees_a_case_in_the_queue_is_decided_when_it_is_read() => OnFreshDatabaseAsync(async store =>
    {
        // Given a child-safety case and a general one
        var cases = new CaseStore(store);
        var child = await OpenCaseAsync(cases, Reported("child", ReportCategory.ChildSexualExploitation));
        var ordinary = await OpenCaseAsync(cases, Reported("ordinary", ReportCategory.OtherPolicy));
        var generalOnly = new QueueReader("cy", ReaderRole.Reviewer, [ReviewQueue.General]);
        var curator = new QueueReader("dee", ReaderRole.Curator);
        async Task<long[]> SeenAsync(QueueReader reader) => [.. (await cases.QueueAsync(reader, new QueueQuery())).Items.Select(i => i.Id)];

        Assert.Equal([child, ordinary], await SeenAsync(Ana));
        Assert.Equal([ordinary], await SeenAsync(generalOnly));
        Assert.Empty(await SeenAsync(curator));
        Assert.Empty(await SeenAsync(Ben with { Queues = [ReviewQueue.Senior] }));

        // When ana dismisses the child-safety case, it waits for a senior
        await cases.DecideAsync(child, new Decision("ana", ReviewerRole.Reviewer, DecisionKind.Dismiss, "nothing there"));

        // Then ana still sees it, read only, awaiting a senior; another reviewer no longer does; a senior may take it
        var anas = (await cases.QueueAsync(Ana, new QueueQuery())).Items.Single(i => i.Id == child);
        Assert.Equal((ReviewQueue.Senior, false), (anas.Queue, anas.CanAct));
        Assert.Contains("a senior reviewer other than ana", anas.Why);
        Assert.Equal([ordinary], await SeenAsync(new QueueReader("eve", ReaderRole.Reviewer)));
        var bens = (await cases.QueueAsync(Ben with { Queues = [ReviewQueue.Senior] }, new QueueQuery())).Items.Single();
        Assert.Equal((child, true, ReviewerRole.Senior), (bens.Id, bens.CanAct, bens.Awaiting!.Role));

        // The filter by queue keeps to that queue, for what ana decided too
        Assert.Equal([child], (await cases.QueueAsync(Ana, new QueueQuery(ReviewQueue.Senior))).Items.Select(i => i.Id));
        Assert.Equal([ordinary], (await cases.QueueAsync(Ana, new QueueQuery(ReviewQueue.General))).Items.Select(i => i.Id));
        Assert.Empty((await cases.QueueAsync(Ana, new QueueQuery(ReviewQueue.ChildSafety))).Items);

        // A closed case leaves the queue
        await cases.DecideAsync(child, new Decision("ben", ReviewerRole.Senior, DecisionKind.Dismiss, "agreed"));
        Assert.Equal([ordinary], await SeenAsync(Ana));
    });

    [Fact]
    public Task An_appeal_waits_in_the_appeals_queue_for_those_given_it_who_did_not_decide_the_case() => OnFreshDatabaseAsync(async store =>
    {
        var cases = new CaseStore(store);
        await new ContentStore(store).RecordAsync(new ContentRecord("appealed", MediaKind.Hashes, "acct-9", null, null, null, null, null, null, null, null, Verdict.Allow));
        var id = await OpenCaseAsync(cases, Reported("appealed", ReportCategory.OtherPolicy));
        await cases.DecideAsync(id, new Decision("ana", ReviewerRole.Reviewer, DecisionKind.ConfirmViolation, "spam"));
        await cases.RunCascadeAsync(id, []);
        Assert.Empty((await cases.QueueAsync(Ben, new QueueQuery())).Items); // confirmed: it waits for nobody

        await cases.AppealAsync(id, "acct-9", "it was not spam");

        var bens = Assert.Single((await cases.QueueAsync(Ben, new QueueQuery(ReviewQueue.Appeals))).Items);
        Assert.Equal((id, ReviewQueue.Appeals, CaseState.Confirmed, true, (DateTimeOffset?)null), (bens.Id, bens.Queue, bens.State, bens.CanAct, bens.DueAt));
        Assert.Empty((await cases.QueueAsync(new QueueReader("cy", ReaderRole.Reviewer), new QueueQuery())).Items);
        Assert.Single((await cases.QueueAsync(new QueueReader("cy", ReaderRole.Reviewer, [ReviewQueue.Appeals]), new QueueQuery())).Items);
        var anas = Assert.Single((await cases.QueueAsync(Ana with { Queues = [ReviewQueue.Appeals] }, new QueueQuery())).Items);
        Assert.False(anas.CanAct); // she decided the case
        Assert.Null(await cases.ClaimNextAsync(Ben)); // an appeal is decided, not claimed
    });

    [Fact]
    public Task Claim_next_takes_the_top_case_the_reader_may_act_on_and_nothing_when_none_is_left() => OnFreshDatabaseAsync(async store =>
    {
        // Given: a critical case claimed by cy, a child-safety case, an ordinary one, and one ana dismissed (awaiting a senior)
        var cases = new CaseStore(store);
        var claimed = await OpenCaseAsync(cases, Reported("claimed", ReportCategory.NonConsensualIntimateImagery, subject: true));
        await cases.ClaimAsync(claimed, "cy");
        _time.Now += TimeSpan.FromMinutes(1);
        var child = await OpenCaseAsync(cases, Reported("child", ReportCategory.Sextortion));
        _time.Now += TimeSpan.FromMinutes(1);
        var ordinary = await OpenCaseAsync(cases, Reported("ordinary", ReportCategory.OtherPolicy));
        _time.Now += TimeSpan.FromMinutes(1);
        var dismissed = await OpenCaseAsync(cases, Reported("dismissed", ReportCategory.ChildSexualExploitation));
        await cases.DecideAsync(dismissed, new Decision("ana", ReviewerRole.Reviewer, DecisionKind.Dismiss, "nothing there"));

        // When ana claims next, and next again: the claimed case and the one awaiting a senior are passed over
        var first = await cases.ClaimNextAsync(Ana);
        var second = await cases.ClaimNextAsync(Ana);
        var none = await cases.ClaimNextAsync(Ana);

        Assert.Equal((child, "ana"), (first!.Id, first.ClaimedBy));
        Assert.Equal(ordinary, second!.Id);
        Assert.Null(none);

        // A senior's next is the dismissed case (the senior queue), filtered by queue and reason as asked
        Assert.Null(await cases.ClaimNextAsync(Ben, ReviewQueue.General));
        Assert.Null(await cases.ClaimNextAsync(Ben, reason: ReviewReason.TrustedFlagger));
        Assert.Equal(dismissed, (await cases.ClaimNextAsync(Ben, ReviewQueue.Senior))!.Id);

        // Once cy's claim lapses, the critical case is the next one's
        _time.Now += CaseRules.DefaultClaimLifetime;
        Assert.Equal(claimed, (await cases.ClaimNextAsync(new QueueReader("eve", ReaderRole.Reviewer)))!.Id);
        var audit = (await ToListAsync(new AuditLog(store).ReadAsync())).Where(e => e.Action == "case.claimed").Select(e => (e.Actor, e.Subject)).ToList();
        Assert.Contains(("ana", $"case:{child}"), audit);
        Assert.Contains(("eve", $"case:{claimed}"), audit);
    });

    /// <summary>Claimers on each of two stores (two nodes' connection pools).</summary>
    private const int ClaimersPerStore = 3;

    [Fact]
    public Task Two_nodes_claiming_next_at_once_never_get_the_same_case() => OnFreshOptionsAsync(async options =>
    {
        // Given many open cases and two stores on one database
        const int Count = 60;
        await using var one = await BankStore.OpenAsync(options, _time);
        await using var two = await BankStore.OpenAsync(options, _time);
        var ids = new List<long>();
        for (var i = 0; i < Count; i++)
        {
            ids.Add(await OpenCaseAsync(new CaseStore(one), Reported($"race-{i}", i % 3 == 0 ? ReportCategory.ChildSexualExploitation : ReportCategory.OtherPolicy)));
        }

        // When reviewers on both claim next until nothing is left, all at once
        var claims = new ConcurrentBag<(string Reviewer, long CaseId)>();
        using var start = new ManualResetEventSlim();
        var claimers = Enumerable.Range(0, 2 * ClaimersPerStore).Select(n => Task.Run(async () =>
        {
            var cases = new CaseStore(n % 2 == 0 ? one : two);
            var reader = new QueueReader($"reviewer-{n}", ReaderRole.Reviewer);
            start.Wait();
            while (await cases.ClaimNextAsync(reader) is { } claimed)
            {
                claims.Add((reader.Name, claimed.Id));
            }
        })).ToList();
        start.Set();
        await Task.WhenAll(claimers);

        // Then every case was claimed exactly once, as the store and the audit log both say
        Log($"{claims.GroupBy(c => c.Reviewer).Count()} claimers took {claims.Count} cases");
        Assert.Equal(ids.Order(), claims.Select(c => c.CaseId).Order());
        var stored = await new CaseStore(one).QueueAsync(new QueueReader("root", ReaderRole.Admin), new QueueQuery(Limit: QueueQuery.MaxLimit));
        Assert.Equal(claims.ToDictionary(c => c.CaseId, c => c.Reviewer), stored.Items.ToDictionary(i => i.Id, i => i.ClaimedBy!));
        var audited = (await ToListAsync(new AuditLog(one).ReadAsync())).Where(e => e.Action == "case.claimed").ToList();
        Assert.Equal(Count, audited.Count);
        Assert.Equal(Count, audited.Select(e => e.Subject).Distinct().Count());
    });

    /// <summary>A database of its own, for a test that opens several stores on it.</summary>
    private async Task OnFreshOptionsAsync(Func<StorageOptions, Task> test)
    {
        if (database.Options.UsesPostgres)
        {
            var fresh = new PostgresDatabase();
            await fresh.InitializeAsync();
            try
            {
                await test(fresh.Options);
            }
            finally
            {
                await fresh.DisposeAsync();
            }
        }
        else
        {
            using var fresh = new SqliteDatabase();
            await test(fresh.Options);
        }
    }
}
