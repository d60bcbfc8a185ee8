using Aegis.Core.Cases;
using Aegis.Storage;

namespace Aegis.Cli.Tests;

/// <summary><c>aegis user create --queues</c> and <c>aegis user set-queues</c>: the review queues a user works.</summary>
public sealed class UserQueuesCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aegis-cli-queues-").FullName;

    private string Data => Path.Combine(_dir, "data");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_user_is_created_with_queues_listed_with_them_and_given_others_or_their_roles_default()
    {
        var created = await CliRun.InProcessAsync("user", "create", "ana", "--role", "reviewer", "--queues", "general,child-safety", "--data", Data);
        await CliRun.InProcessAsync("user", "create", "ben", "--role", "senior-reviewer", "--data", Data);
        var listed = await CliRun.InProcessAsync("user", "list", "--data", Data);
        var appeals = await CliRun.InProcessAsync("user", "set-queues", "ana", "Appeals", "--data", Data);
        await using (var store = await BankStore.OpenAsync(new StorageOptions(Data, null)))
        {
            Assert.Equal([ReviewQueue.Appeals], (await new UserStore(store).FindAsync("ana"))!.Queues);
        }

        var reset = await CliRun.InProcessAsync("user", "set-queues", "ana", "default", "--data", Data);

        Assert.Equal(0, created.ExitCode);
        var rows = listed.Lines.Where(l => l.Contains("ana", StringComparison.Ordinal) || l.Contains("ben", StringComparison.Ordinal)).ToList();
        Assert.Contains("child-safety,", Assert.Single(rows, l => l.Contains("ana", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("default", Assert.Single(rows, l => l.Contains("ben", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal((0, "user 'ana' (reviewer) works appeals"), (appeals.ExitCode, appeals.Output.Trim()));
        Assert.Equal((0, "user 'ana' (reviewer) works default (child-safety, general)"), (reset.ExitCode, reset.Output.Trim()));
        await using (var store = await BankStore.OpenAsync(new StorageOptions(Data, null)))
        {
            Assert.Null((await new UserStore(store).FindAsync("ana"))!.Queues);
        }
    }

    [Fact]
    public async Task An_unknown_queue_or_one_the_role_may_not_work_is_refused_with_a_message_and_no_user_is_made()
    {
        var unknown = await CliRun.InProcessAsync("user", "create", "cy", "--role", "reviewer", "--queues", "general,childsafety", "--data", Data);
        var senior = await CliRun.InProcessAsync("user", "create", "cy", "--role", "reviewer", "--queues", "senior", "--data", Data);
        await CliRun.InProcessAsync("user", "create", "dee", "--role", "curator", "--data", Data);
        var curator = await CliRun.InProcessAsync("user", "set-queues", "dee", "general", "--data", Data);
        var listed = await CliRun.InProcessAsync("user", "list", "--data", Data);

        Assert.Equal(AegisCli.UsageError, unknown.ExitCode);
        Assert.Contains("--queues: 'childsafety' is not a queue; the queues are child-safety, general, senior, appeals.", unknown.Error, StringComparison.Ordinal);
        Assert.Empty(unknown.Output); // no password printed: no user was made
        Assert.Equal(AegisCli.UsageError, senior.ExitCode);
        Assert.Contains("senior queue", senior.Error, StringComparison.Ordinal);
        Assert.Equal(AegisCli.UsageError, curator.ExitCode);
        Assert.Contains("curator reviews no queue", curator.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("cy", listed.Output, StringComparison.Ordinal);
    }
}
