using Aegis.Core.Cases;
using Aegis.Core.Content;
using Aegis.Core.Gate;
using Aegis.Core.Reports;
using Aegis.Exchanges;
using Aegis.Matching.Banks;
using Aegis.Storage.Tests.Support;

namespace Aegis.Storage.Tests;

public abstract partial class BankStoreTests
{
    [Fact]
    public Task A_confirmation_shares_its_items_hashes_in_the_decisions_transaction_and_an_overturned_appeal_withdraws_them() => OnFreshDatabaseAsync(async store =>
    {
        // Given an item with a PDQ, an MD5 and a SHA-256, reported as child sexual exploitation
        var cases = new CaseStore(store);
        var feed = new HashFeedStore(store);
        var (caseId, record) = await ReportedItemAsync(store, cases, "acct-feed-1");

        // When a confirmation is refused (no classification), nothing is shared
        await Assert.ThrowsAsync<BankStoreException>(() => cases.DecideAsync(caseId, new Decision("ana", ReviewerRole.Reviewer, DecisionKind.ConfirmCsam, "seen")));
        Assert.Empty((await feed.PageAsync(0, 100)).Entries);

        // When it is confirmed as A1
        _time.Now = Start.AddMinutes(5);
        await cases.DecideAsync(caseId, new Decision("ana", ReviewerRole.Reviewer, DecisionKind.ConfirmCsam, "seen", NcmecClassification.A1));

        // Then each hash is one entry with its own opaque id, the category and the decision's time, and nothing else of the item
        var shared = (await feed.PageAsync(0, 100)).Entries;
        Assert.Equal([SignalType.Pdq, SignalType.Md5, SignalType.Sha256], shared.Select(s => s.Type));
        Assert.Equal([record.Pdq, record.Md5, record.Sha256], shared.Select(s => s.Value));
        Assert.All(shared, s => Assert.Equal(("A1", false, Start.AddMinutes(5)), (s.Category, s.Deleted, s.At)));
        Assert.Equal(3, shared.Select(s => s.Id).Distinct().Count());
        Assert.All(shared, s => Assert.Matches("^[0-9a-f]{32}$", s.Id));
        Assert.DoesNotContain(shared, s => s.Id.Contains(record.ContentId, StringComparison.Ordinal) || s.Id == caseId.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // And it pages by sequence: two, then the rest, then nothing more
        var first = await feed.PageAsync(0, 2);
        Assert.Equal((2, true, first.Entries[1].Sequence), (first.Entries.Count, first.HasMore, first.Next));
        var second = await feed.PageAsync(first.Next, 2);
        Assert.Equal((shared[2].Id, false), (Assert.Single(second.Entries).Id, second.HasMore));
        var none = await feed.PageAsync(second.Next, 2);
        Assert.Equal((0, second.Next, false), (none.Entries.Count, none.Next, none.HasMore));

        // When its takedown has run, the uploader appeals and another reviewer overturns it
        Assert.True(await cases.RunCascadeAsync(caseId, []));
        await cases.AppealAsync(caseId, "acct-feed-1", "not what it seems");
        await cases.DecideAppealAsync(caseId, "ben", ReviewerRole.Senior, overturn: true, "benign after all");

        // Then each entry is withdrawn, under its id, after the checkpoint a subscriber holds; and only once
        var withdrawn = (await feed.PageAsync(none.Next, 100)).Entries;
        Assert.Equal(shared.Select(s => s.Id), withdrawn.Select(s => s.Id));
        Assert.All(withdrawn, s => Assert.True(s.Deleted));
        Assert.True(withdrawn.All(w => w.Sequence > none.Next));
    });

    [Fact]
    public Task An_item_whose_hash_came_from_another_exchange_is_shared_only_when_resharing_is_allowed() => OnFreshDatabaseAsync(async store =>
    {
        // Given an exchange whose record holds the MD5 of two items reported as child sexual exploitation
        var feed = new HashFeedStore(store);
        var (exchanges, name, _) = await NewExchangeAsync(store);
        var (firstCase, first) = await ReportedItemAsync(store, new CaseStore(store), "acct-feed-2");
        var (secondCase, second) = await ReportedItemAsync(store, new CaseStore(store), "acct-feed-3", md5: first.Md5);
        await exchanges.ApplyPageAsync(await ClaimAsync(exchanges, name), Page(Record("e-1", "them", "A2", new ExchangeSignal(SignalType.Md5, first.Md5!))), Lease);

        // When one is confirmed by a platform that does not re-share, and the other by one that does
        await new CaseStore(store).DecideAsync(firstCase, new Decision("ana", ReviewerRole.Reviewer, DecisionKind.ConfirmCsam, "seen", NcmecClassification.A2));
        Assert.Empty((await feed.PageAsync(0, 100)).Entries);
        await new CaseStore(store, CaseRules.Default with { ReshareExchangeHashes = true })
            .DecideAsync(secondCase, new Decision("ana", ReviewerRole.Reviewer, DecisionKind.ConfirmCsam, "seen", NcmecClassification.A2));

        // Then only the second is shared
        Assert.Equal([second.Pdq, second.Md5, second.Sha256], (await feed.PageAsync(0, 100)).Entries.Select(s => s.Value));
    });

    [Fact]
    public Task A_policy_violation_outside_child_safety_is_never_shared() => OnFreshDatabaseAsync(async store =>
    {
        var cases = new CaseStore(store);
        var (caseId, _) = await ReportedItemAsync(store, cases, "acct-feed-4", category: ReportCategory.OtherPolicy);

        await cases.DecideAsync(caseId, new Decision("ana", ReviewerRole.Reviewer, DecisionKind.ConfirmViolation, "spam"));

        Assert.Empty((await new HashFeedStore(store).PageAsync(0, 100)).Entries);
    });

    /// <summary>An item with a PDQ, an MD5 and a SHA-256 uploaded by <paramref name="uploader"/>, reported; its case.</summary>
    private async Task<(long CaseId, ContentRecord Record)> ReportedItemAsync(
        BankStore store, CaseStore cases, string uploader, ReportCategory category = ReportCategory.ChildSexualExploitation, string? md5 = null)
    {
        var id = NewBankName("feed-post");
        var record = new ContentRecord(
            id, MediaKind.Image, uploader, null, Start, null, RandomRecords.Hex(_random, SignalType.Pdq), 100,
            md5 ?? RandomRecords.Hex(_random, SignalType.Md5), RandomRecords.Hex(_random, SignalType.Sha256), null, Verdict.Allow);
        await new ContentStore(store).RecordAsync(record);
        var report = new ReportIntake([id], category, ReportSource.User, false, null, "reporter", null);
        return ((long)(await cases.ReportAsync(report, "platform"))[0].CaseId!, record);
    }
}
