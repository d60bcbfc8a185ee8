using Aegis.Storage;

namespace Aegis.Cli.Tests;

/// <summary><c>aegis user</c>: accounts of the review console, made and managed from the command line.</summary>
public sealed class UserCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aegis-cli-user-").FullName;

    private string Data => Path.Combine(_dir, "data");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_user_is_created_with_a_password_printed_once_listed_disabled_and_given_a_new_password()
    {
        var created = await CliRun.InProcessAsync("user", "create", "ana", "--role", "senior-reviewer", "--data", Data);
        var listed = await CliRun.InProcessAsync("user", "list", "--data", Data);
        var disabled = await CliRun.InProcessAsync("user", "disable", "ANA", "--data", Data);
        var listedDisabled = await CliRun.InProcessAsync("user", "list", "--data", Data);
        var reset = await CliRun.InProcessAsync("user", "reset-password", "ana", "--data", Data);
        var enabled = await CliRun.InProcessAsync("user", "enable", "ana", "--data", Data);

        Assert.Equal(0, created.ExitCode);
        var password = Assert.Single(created.Lines);
        Assert.True(password.Length >= UserStore.MinPasswordLength);
        Assert.Contains("shown only now", created.Error, StringComparison.Ordinal);
        Assert.Contains("ana", listed.Output, StringComparison.Ordinal);
        Assert.Contains("senior-reviewer", listed.Output, StringComparison.Ordinal);
        Assert.Contains("active", listed.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(password, listed.Output, StringComparison.Ordinal);
        Assert.Equal(0, disabled.ExitCode);
        Assert.Contains("disabled", listedDisabled.Output, StringComparison.Ordinal);
        Assert.Equal(0, reset.ExitCode);
        var newPassword = Assert.Single(reset.Lines);
        Assert.NotEqual(password, newPassword);
        Assert.Equal(0, enabled.ExitCode);

        await using var store = await BankStore.OpenAsync(new StorageOptions(Data, null));
        var users = new UserStore(store);
        Assert.Equal(SignInOutcome.Failed, (await users.VerifyPasswordAsync("ana", password)).Outcome);
        Assert.Equal(SignInOutcome.Succeeded, (await users.VerifyPasswordAsync("ana", newPassword)).Outcome);
    }

    [Fact]
    public async Task A_password_can_come_from_standard_input_and_is_then_not_printed()
    {
        const string Password = "read from a pipe 42";
        var before = Console.In;
        CliRun created;
        try
        {
            Console.SetIn(new StringReader(Password + "\n"));
            created = await CliRun.InProcessAsync("user", "create", "bo", "--role", "reviewer", "--password-stdin", "--data", Data);
        }
        finally
        {
            Console.SetIn(before);
        }

        Assert.Equal(0, created.ExitCode);
        Assert.Empty(created.Output);
        Assert.DoesNotContain(Password, created.Error, StringComparison.Ordinal);
        await using var store = await BankStore.OpenAsync(new StorageOptions(Data, null));
        Assert.Equal(SignInOutcome.Succeeded, (await new UserStore(store).VerifyPasswordAsync("bo", Password)).Outcome);
    }

    [Fact]
    public async Task A_bad_role_a_taken_name_and_an_unknown_user_are_refused_with_a_message()
    {
        var badRole = await CliRun.InProcessAsync("user", "create", "cy", "--role", "platform", "--data", Data);
        await CliRun.InProcessAsync("user", "create", "cy", "--role", "reviewer", "--data", Data);
        var taken = await CliRun.InProcessAsync("user", "create", "CY", "--role", "admin", "--data", Data);
        var unknown = await CliRun.InProcessAsync("user", "disable", "nobody", "--data", Data);

        Assert.Equal(AegisCli.UsageError, badRole.ExitCode);
        Assert.Contains("platform", badRole.Error, StringComparison.Ordinal);
        Assert.Equal(AegisCli.UsageError, taken.ExitCode);
        Assert.Contains("already exists", taken.Error, StringComparison.Ordinal);
        Assert.Empty(taken.Output);
        Assert.Equal(AegisCli.UsageError, unknown.ExitCode);
        Assert.Contains("no user named 'nobody'", unknown.Error, StringComparison.Ordinal);
    }
}
