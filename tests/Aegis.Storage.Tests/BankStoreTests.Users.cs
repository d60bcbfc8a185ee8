using Aegis.Core.Users;
using Microsoft.AspNetCore.Identity;
using OtpNet;

namespace Aegis.Storage.Tests;

public abstract partial class BankStoreTests
{
    private const string Password = "correct horse battery";

    private static readonly LockoutPolicy ThreeStrikes = new(3, TimeSpan.FromMinutes(15));

    /// <summary>A user name no other test uses (the tests of a class share a database).</summary>
    private static string NewUserName() => $"ana-{Guid.NewGuid():N}"[..24];

    private async Task<string[]> UserAuditAsync(BankStore store, string name) =>
        [.. (await ToListAsync(new AuditLog(store).ReadAsync())).Where(e => e.Subject == $"user:{name}").Select(e => $"{e.Action} {e.Data}")];

    [Fact]
    public async Task A_user_is_made_found_whatever_the_case_and_listed_and_only_a_salted_hash_of_the_password_is_kept()
    {
        await using var store = await OpenAsync();
        var users = new UserStore(store);
        var name = NewUserName();

        var made = await users.CreateAsync(name, ApiKeyRole.SeniorReviewer, Password, "admin-1");

        Assert.Equal(made, await users.FindAsync(name.ToUpperInvariant()));
        Assert.Contains(await users.ListAsync(), u => u.Name == name && u.Role == ApiKeyRole.SeniorReviewer && !u.Disabled && !u.HasTotp);
        Assert.Equal(_time.Now, made.CreatedAt);
        Assert.Null(made.LastSignInAt);
        Assert.Null(await users.FindAsync("nobody-" + name));
        await using (var db = store.CreateContext())
        {
            var row = db.Users.Single(u => u.Name == name);
            Assert.DoesNotContain(Password, row.PasswordHash, StringComparison.Ordinal);
            Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<object>().VerifyHashedPassword(null!, row.PasswordHash, Password));
        }

        var audit = Assert.Single(await UserAuditAsync(store, name));
        Assert.StartsWith("user.created ", audit, StringComparison.Ordinal);
        Assert.Contains("\"role\":\"senior-reviewer\"", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, audit, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_users_name_role_and_password_are_checked_and_a_name_is_taken_whatever_its_case()
    {
        await using var store = await OpenAsync();
        var users = new UserStore(store);
        var name = NewUserName();
        await users.CreateAsync(name, ApiKeyRole.Reviewer, Password, "admin-1");

        var taken = await Assert.ThrowsAsync<BankStoreException>(() => users.CreateAsync(name.ToUpperInvariant(), ApiKeyRole.Admin, Password, "admin-1"));
        var platform = await Assert.ThrowsAsync<BankStoreException>(() => users.CreateAsync(NewUserName(), ApiKeyRole.Platform, Password, "admin-1"));
        var shortPassword = await Assert.ThrowsAsync<BankStoreException>(() => users.CreateAsync(NewUserName(), ApiKeyRole.Reviewer, "short", "admin-1"));
        var badName = await Assert.ThrowsAsync<BankStoreException>(() => users.CreateAsync("ana silva", ApiKeyRole.Reviewer, Password, "admin-1"));

        Assert.Equal(BankStoreError.AlreadyExists, taken.Error);
        Assert.Equal(BankStoreError.Invalid, platform.Error);
        Assert.Contains("role", platform.Message, StringComparison.Ordinal);
        Assert.Equal(BankStoreError.Invalid, shortPassword.Error);
        Assert.Contains("password", shortPassword.Message, StringComparison.Ordinal);
        Assert.Equal(BankStoreError.Invalid, badName.Error);
        Assert.Contains("user name", badName.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failed_sign_ins_lock_a_user_out_for_the_set_time_and_a_success_clears_the_count()
    {
        await using var store = await OpenAsync();
        var users = new UserStore(store, ThreeStrikes);
        var name = NewUserName();
        await users.CreateAsync(name, ApiKeyRole.Reviewer, Password, "admin-1");

        // Two failures, then a success: the count starts again.
        Assert.Equal(SignInOutcome.Failed, (await users.VerifyPasswordAsync(name, "wrong password 1")).Outcome);
        Assert.Equal(SignInOutcome.Failed, (await users.VerifyPasswordAsync(name, "wrong password 2")).Outcome);
        var signedIn = await users.VerifyPasswordAsync(name, Password);
        Assert.Equal(SignInOutcome.Succeeded, signedIn.Outcome);
        Assert.Equal(_time.Now, signedIn.User!.LastSignInAt);
        Assert.Equal(_time.Now, (await users.FindAsync(name))!.LastSignInAt);

        // Three in a row lock it: the right password is refused until the lock ends.
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(SignInOutcome.Failed, (await users.VerifyPasswordAsync(name, "wrong password")).Outcome);
        }

        var third = await users.VerifyPasswordAsync(name, "wrong password");
        _time.Now += TimeSpan.FromMinutes(15) - TimeSpan.FromSeconds(1);
        var whileLocked = await users.VerifyPasswordAsync(name, Password);
        _time.Now += TimeSpan.FromSeconds(1);
        var after = await users.VerifyPasswordAsync(name, Password);

        Assert.Equal(SignInOutcome.LockedOut, third.Outcome);
        Assert.Equal(SignInOutcome.LockedOut, whileLocked.Outcome);
        Assert.Equal(SignInOutcome.Succeeded, after.Outcome);
        var audit = await UserAuditAsync(store, name);
        Assert.Equal(
            ["user.created", "user.signin_failed", "user.signin_failed", "user.signin_failed", "user.signin_failed", "user.signin_failed", "user.locked_out", "user.signin_failed"],
            audit.Select(a => a.Split(' ')[0]));
        Assert.Contains("\"reason\":\"locked\"", audit[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failures_at_the_same_moment_each_count_so_the_limit_locks_once()
    {
        await using var store = await OpenAsync();
        var users = new UserStore(store, ThreeStrikes);
        var name = NewUserName();
        await users.CreateAsync(name, ApiKeyRole.Reviewer, Password, "admin-1");

        // Each attempt reads the count before any has written: a read-then-write counter would end at 1 and never lock.
        var results = await Task.WhenAll(Enumerable.Range(0, ThreeStrikes.Attempts).Select(i => Task.Run(() => users.VerifyPasswordAsync(name, $"wrong password {i}"))));

        Assert.Equal(SignInOutcome.LockedOut, (await users.VerifyPasswordAsync(name, Password)).Outcome);
        Assert.Single(await UserAuditAsync(store, name), a => a.StartsWith("user.locked_out ", StringComparison.Ordinal));
        Assert.Equal(ThreeStrikes.Attempts - 1, results.Count(r => r.Outcome == SignInOutcome.Failed));
    }

    [Fact]
    public async Task An_unknown_name_fails_like_a_wrong_password_and_is_not_audited()
    {
        await using var store = await OpenAsync();
        var users = new UserStore(store);
        var name = NewUserName();

        var result = await users.VerifyPasswordAsync(name, Password);

        Assert.Equal(new SignInResult(SignInOutcome.Failed, null), result);
        Assert.Empty(await UserAuditAsync(store, name));
    }

    [Fact]
    public async Task Disabling_a_user_refuses_their_sign_in_and_changes_their_stamp_and_a_reset_password_replaces_the_old_one()
    {
        await using var store = await OpenAsync();
        var users = new UserStore(store, ThreeStrikes);
        var name = NewUserName();
        var made = await users.CreateAsync(name, ApiKeyRole.Curator, Password, "admin-1");

        var disabled = await users.SetDisabledAsync(name, true, "admin-1");
        var refused = await users.VerifyPasswordAsync(name, Password);
        var enabled = await users.SetDisabledAsync(name, false, "admin-1");
        const string NewPassword = "a new password 77";
        var reset = await users.ResetPasswordAsync(name, NewPassword, "admin-1");

        Assert.True(disabled.Disabled);
        Assert.NotEqual(made.SecurityStamp, disabled.SecurityStamp);
        Assert.Equal(SignInOutcome.Disabled, refused.Outcome);
        Assert.False(enabled.Disabled);
        Assert.NotEqual(enabled.SecurityStamp, reset.SecurityStamp);
        Assert.Equal(SignInOutcome.Failed, (await users.VerifyPasswordAsync(name, Password)).Outcome);
        Assert.Equal(SignInOutcome.Succeeded, (await users.VerifyPasswordAsync(name, NewPassword)).Outcome);
        Assert.Equal(BankStoreError.NotFound, (await Assert.ThrowsAsync<BankStoreException>(() => users.ResetPasswordAsync("nobody-" + name, NewPassword, "admin-1"))).Error);
        var audit = await UserAuditAsync(store, name);
        Assert.Equal(
            ["user.created", "user.disabled", "user.signin_failed", "user.enabled", "user.password_reset", "user.signin_failed"],
            audit.Select(a => a.Split(' ')[0]));
        Assert.DoesNotContain(audit, a => a.Contains(NewPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_password_hashed_with_older_settings_is_hashed_again_when_it_is_next_right()
    {
        await using var store = await OpenAsync();
        var users = new UserStore(store);
        var name = NewUserName();
        await users.CreateAsync(name, ApiKeyRole.Reviewer, Password, "admin-1");
        var old = new PasswordHasher<object>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV2 }))
            .HashPassword(null!, Password);
        await using (var db = store.CreateContext())
        {
            db.Users.Single(u => u.Name == name).PasswordHash = old;
            await db.SaveChangesAsync();
        }

        var result = await users.VerifyPasswordAsync(name, Password);

        Assert.Equal(SignInOutcome.Succeeded, result.Outcome);
        await using (var db = store.CreateContext())
        {
            var rehashed = db.Users.Single(u => u.Name == name).PasswordHash;
            Assert.NotEqual(old, rehashed);
            Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<object>().VerifyHashedPassword(null!, rehashed, Password));
        }
    }

    [Fact]
    public async Task A_totp_second_factor_is_confirmed_then_asked_for_and_each_code_is_accepted_once_within_a_step_of_now()
    {
        await using var store = await OpenAsync();
        var users = new UserStore(store, ThreeStrikes);
        var name = NewUserName();
        await users.CreateAsync(name, ApiKeyRole.Reviewer, Password, "admin-1");
        var enrolment = await users.EnrolTotpAsync(name);
        var totp = new Totp(Base32Encoding.ToBytes(enrolment.Secret));
        string Code(int steps) => totp.ComputeTotp(_time.Now.UtcDateTime.AddSeconds(30 * steps));

        // Not in use until confirmed: the password alone signs in.
        Assert.Equal(SignInOutcome.Succeeded, (await users.VerifyPasswordAsync(name, Password)).Outcome);
        Assert.Equal("otpauth", enrolment.OtpAuthUri.Scheme);
        Assert.Contains(enrolment.Secret, enrolment.OtpAuthUri.Query, StringComparison.Ordinal);
        Assert.False(await users.ConfirmTotpAsync(name, Code(5), "admin-1"));
        Assert.True(await users.ConfirmTotpAsync(name, Code(0), "admin-1"));
        Assert.True((await users.FindAsync(name))!.HasTotp);

        _time.Now += TimeSpan.FromMinutes(1);
        var password = await users.VerifyPasswordAsync(name, Password);
        var twoStepsAway = await users.VerifyTotpAsync(name, Code(2));
        var oneStepBehind = await users.VerifyTotpAsync(name, Code(-1));
        var reused = await users.VerifyTotpAsync(name, Code(-1));
        var now = await users.VerifyTotpAsync(name, Code(0));

        Assert.Equal(SignInOutcome.SecondFactorRequired, password.Outcome);
        Assert.Equal(SignInOutcome.Failed, twoStepsAway.Outcome);
        Assert.Equal(SignInOutcome.Succeeded, oneStepBehind.Outcome);
        Assert.Equal(SignInOutcome.Failed, reused.Outcome);
        Assert.Equal(SignInOutcome.Succeeded, now.Outcome);
        var audit = await UserAuditAsync(store, name);
        Assert.Contains(audit, a => a.StartsWith("user.totp_enrolled ", StringComparison.Ordinal));
        Assert.DoesNotContain(audit, a => a.Contains(enrolment.Secret, StringComparison.Ordinal));
    }
}
