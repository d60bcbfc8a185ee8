using Aegis.Storage;

namespace Aegis.Cli.Tests;

/// <summary><c>aegis user set-role</c> and <c>aegis user unlock</c>, audited as the console's changes are.</summary>
public sealed class UserRoleCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aegis-cli-role-").FullName;

    private string Data => Path.Combine(_dir, "data");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_users_role_is_changed_and_a_lock_lifted_from_the_command_line()
    {
        await CliRun.InProcessAsync("user", "create", "ana", "--role", "reviewer", "--data", Data);
        await using (var store = await BankStore.OpenAsync(new StorageOptions(Data, null)))
        {
            var users = new UserStore(store, new Aegis.Core.Users.LockoutPolicy(1, TimeSpan.FromHours(1)));
            await users.VerifyPasswordAsync("ana", "not the password at all");
        }

        var role = await CliRun.InProcessAsync("user", "set-role", "ana", "curator", "--data", Data);
        var badRole = await CliRun.InProcessAsync("user", "set-role", "ana", "platform", "--data", Data);
        var unlock = await CliRun.InProcessAsync("user", "unlock", "ana", "--data", Data);
        var listed = await CliRun.InProcessAsync("user", "list", "--data", Data);

        Assert.Equal(0, role.ExitCode);
        Assert.Contains("is now curator", role.Output, StringComparison.Ordinal);
        Assert.Equal(AegisCli.UsageError, badRole.ExitCode);
        Assert.Equal(0, unlock.ExitCode);
        Assert.Contains("active", listed.Output, StringComparison.Ordinal);
        Assert.Contains("curator", listed.Output, StringComparison.Ordinal);
        await using var reopened = await BankStore.OpenAsync(new StorageOptions(Data, null));
        var actions = new List<string>();
        await foreach (var entry in new AuditLog(reopened).ReadAsync())
        {
            if (entry.Subject == "user:ana" && entry.Actor.StartsWith("cli:", StringComparison.Ordinal))
            {
                actions.Add(entry.Action);
            }
        }

        Assert.Equal(["user.created", "user.role_changed", "user.unlocked"], actions);
    }
}
