using Aegis.Core.Cases;

namespace Aegis.Storage.Tests;

public abstract partial class BankStoreTests
{
    [Fact]
    public async Task A_user_is_given_queues_when_made_or_later_audited_each_time_and_reads_with_them()
    {
        await using var store = await OpenAsync();
        var users = new UserStore(store);
        var (ana, ben) = (NewUserName(), NewUserName());

        var made = await users.CreateAsync(ana, ApiKeyRole.Reviewer, Password, "admin-1", [ReviewQueue.General, ReviewQueue.ChildSafety, ReviewQueue.General]);
        var plain = await users.CreateAsync(ben, ApiKeyRole.SeniorReviewer, Password, "admin-1");

        Assert.Equal([ReviewQueue.ChildSafety, ReviewQueue.General], made.Queues);
        Assert.Null(plain.Queues);
        Assert.Equal([ReviewQueue.ChildSafety, ReviewQueue.General], (await users.FindAsync(ana))!.Queues);
        Assert.Equal(new QueueReader(ben, ReaderRole.SeniorReviewer), (await users.FindAsync(ben))!.ToReader());
        Assert.Equal(ReviewQueues.All.ToHashSet(), (await users.FindAsync(ben))!.ToReader().Allowed);

        // Given appeals, then back to the role's default; a change to what they have already is not a change
        var appeals = await users.SetQueuesAsync(ana.ToUpperInvariant(), [ReviewQueue.Appeals], "admin-2");
        await users.SetQueuesAsync(ana, [ReviewQueue.Appeals], "admin-2");
        var reset = await users.SetQueuesAsync(ana, null, "admin-3");

        Assert.Equal([ReviewQueue.Appeals], appeals.Queues);
        Assert.Equal([ReviewQueue.Appeals], appeals.ToReader().Allowed);
        Assert.Null(reset.Queues);
        Assert.Null((await users.ListAsync()).Single(u => u.Name == ana).Queues);
        string Changed(string queues) => $$"""user.queues_changed {"name":"{{ana}}","queues":"{{queues}}"}""";
        Assert.Equal(
            ["user.created", Changed("child-safety, general"), Changed("appeals"), Changed("default")],
            (await UserAuditAsync(store, ana)).Select(a => a.StartsWith("user.created", StringComparison.Ordinal) ? "user.created" : a));
    }

    [Fact]
    public async Task Queues_a_users_role_may_not_work_are_refused_and_nothing_changes()
    {
        await using var store = await OpenAsync();
        var users = new UserStore(store);
        var (ana, cy) = (NewUserName(), NewUserName());
        await users.CreateAsync(ana, ApiKeyRole.Reviewer, Password, "admin-1");

        var senior = await Assert.ThrowsAsync<BankStoreException>(() => users.SetQueuesAsync(ana, [ReviewQueue.Senior], "admin-1"));
        var curator = await Assert.ThrowsAsync<BankStoreException>(() => users.CreateAsync(cy, ApiKeyRole.Curator, Password, "admin-1", [ReviewQueue.General]));
        var nobody = await Assert.ThrowsAsync<BankStoreException>(() => users.SetQueuesAsync("nobody-" + ana, [ReviewQueue.General], "admin-1"));

        Assert.Equal(BankStoreError.Invalid, senior.Error);
        Assert.Contains("senior queue", senior.Message, StringComparison.Ordinal);
        Assert.Equal(BankStoreError.Invalid, curator.Error);
        Assert.Null(await users.FindAsync(cy));
        Assert.Equal(BankStoreError.NotFound, nobody.Error);
        Assert.Null((await users.FindAsync(ana))!.Queues);
        Assert.Single(await UserAuditAsync(store, ana));
    }
}
