using Aegis.Core.Events;
using Aegis.Core.Users;
using Aegis.Storage.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Aegis.Storage;

public sealed partial class UserStore
{
    /// <summary>Steps either side of now a TOTP code may come from (RFC 6238's allowance for clock drift).</summary>
    private static readonly VerificationWindow TotpWindow = new(previous: 1, future: 1);

    /// <summary>
    /// Checks a user's password. A lock or a disabled account is said before the password counts; a wrong password is
    /// counted and may lock the account. The password is hashed whatever the case (an unknown name too), so the answer
    /// takes as long either way. When the hasher asks, a right password is hashed again with its current settings. A
    /// user with TOTP is not signed in until <see cref="VerifyTotpAsync"/> accepts a code, and the failures count is not
    /// cleared before then (a known password does not buy more guesses at the code).
    /// </summary>
    public async Task<SignInResult> VerifyPasswordAsync(string name, string password, CancellationToken cancellationToken = default)
    {
        var row = await FindRowAsync(name, cancellationToken);
        var verdict = Hasher.VerifyHashedPassword(null!, row?.PasswordHash ?? UnknownUserHash.Value, password ?? "");
        if (row is null)
        {
            return new SignInResult(SignInOutcome.Failed, null);
        }

        if (await RefuseAsync(row, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (verdict == PasswordVerificationResult.Failed)
        {
            return await FailAsync(row, "password", cancellationToken);
        }

        var rehash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? Hasher.HashPassword(null!, password!) : null;
        if (row.TotpConfirmed)
        {
            if (rehash is not null)
            {
                await UpdateAsync(row.Id, cancellationToken, s => s.SetProperty(u => u.PasswordHash, rehash));
            }

            return new SignInResult(SignInOutcome.SecondFactorRequired, row.ToUser());
        }

        var now = store.Time.GetUtcNow();
        await UpdateAsync(row.Id, cancellationToken, s => s
            .SetProperty(u => u.FailedAttempts, 0)
            .SetProperty(u => u.LockedUntil, (DateTimeOffset?)null)
            .SetProperty(u => u.LastSignInAt, now)
            .SetProperty(u => u.PasswordHash, u => rehash ?? u.PasswordHash));
        return new SignInResult(SignInOutcome.Succeeded, row.ToUser() with { LastSignInAt = now });
    }

    /// <summary>
    /// Checks a TOTP code (6 digits, 30-second steps, one step either side) for a user whose password was just accepted
    /// with <see cref="SignInOutcome.SecondFactorRequired"/>. A code is accepted once; a wrong one counts as a failed
    /// sign-in.
    /// </summary>
    public async Task<SignInResult> VerifyTotpAsync(string name, string code, CancellationToken cancellationToken = default)
    {
        var row = await FindRowAsync(name, cancellationToken);
        if (row is not { TotpConfirmed: true, TotpSecret: { } secret })
        {
            return new SignInResult(SignInOutcome.Failed, row?.ToUser());
        }

        if (await RefuseAsync(row, cancellationToken) is { } refused)
        {
            return refused;
        }

        var now = store.Time.GetUtcNow();
        if (!MatchTotp(secret, code, now, out var step) || step <= row.TotpLastStep)
        {
            return await FailAsync(row, "totp", cancellationToken);
        }

        // Only the first of two sign-ins with one code gets past the step check in the update.
        var updated = await UpdateAsync(row.Id, cancellationToken, s => s
            .SetProperty(u => u.FailedAttempts, 0)
            .SetProperty(u => u.LockedUntil, (DateTimeOffset?)null)
            .SetProperty(u => u.LastSignInAt, now)
            .SetProperty(u => u.TotpLastStep, step), u => u.TotpLastStep == null || u.TotpLastStep < step);
        return updated == 0
            ? await FailAsync(row, "totp", cancellationToken)
            : new SignInResult(SignInOutcome.Succeeded, row.ToUser() with { LastSignInAt = now });
    }

    /// <summary>
    /// Makes a new TOTP secret for a user, replacing any; it is shown once, here, and takes effect when
    /// <see cref="ConfirmTotpAsync"/> accepts a first code from it (so a mis-scanned secret locks no one out).
    /// </summary>
    /// <exception cref="BankStoreException">No user has that name.</exception>
    public async Task<TotpEnrolment> EnrolTotpAsync(string name, CancellationToken cancellationToken = default)
    {
        var secret = Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));
        var row = await FindRowAsync(name, cancellationToken)
            ?? throw new BankStoreException(BankStoreError.NotFound, $"There is no user named '{name}'.");
        await UpdateAsync(row.Id, cancellationToken, s => s
            .SetProperty(u => u.TotpSecret, secret)
            .SetProperty(u => u.TotpConfirmed, false)
            .SetProperty(u => u.TotpLastStep, (long?)null));
        var label = Uri.EscapeDataString($"Aegis:{row.Name}");
        return new TotpEnrolment(secret, new Uri($"otpauth://totp/{label}?secret={secret}&issuer=Aegis&digits=6&period=30"));
    }

    /// <summary>Puts an enrolled TOTP secret in use if <paramref name="code"/> comes from it; false (nothing changed) if not.</summary>
    /// <exception cref="BankStoreException">No user has that name.</exception>
    public async Task<bool> ConfirmTotpAsync(string name, string code, string actor, CancellationToken cancellationToken = default)
    {
        var confirmed = false;
        await ChangeAsync(name, cancellationToken, row =>
        {
            if (row.TotpSecret is not { } secret || !MatchTotp(secret, code, store.Time.GetUtcNow(), out var step))
            {
                return null;
            }

            confirmed = true;
            row.TotpConfirmed = true;
            row.TotpLastStep = step;
            return new UserTotpEnrolled(actor, row.Name);
        });
        return confirmed;
    }

    private static bool MatchTotp(string secret, string code, DateTimeOffset now, out long step)
    {
        step = 0;
        return code is { Length: 6 } && code.All(char.IsAsciiDigit)
            && new Totp(Base32Encoding.ToBytes(secret)).VerifyTotp(now.UtcDateTime, code, out step, TotpWindow);
    }

    private async Task<UserRow?> FindRowAsync(string name, CancellationToken cancellationToken)
    {
        if (UserNames.Validate(name) is not null)
        {
            return null;
        }

        var normalized = UserNames.Normalize(name);
        await using var db = store.CreateContext();
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedName == normalized, cancellationToken);
    }

    /// <summary>A disabled or locked account's answer (audited), or null when it may sign in.</summary>
    private async Task<SignInResult?> RefuseAsync(UserRow row, CancellationToken cancellationToken)
    {
        var now = store.Time.GetUtcNow();
        var (outcome, reason) = row.Disabled ? (SignInOutcome.Disabled, "disabled")
            : LockoutPolicy.IsLocked(row.LockedUntil, now) ? (SignInOutcome.LockedOut, "locked")
            : (SignInOutcome.Succeeded, null as string);
        if (reason is null)
        {
            return null;
        }

        await using var db = store.CreateContext();
        EventWriter.Add(db, new UserSignInFailed(row.Name, row.Name, reason, row.FailedAttempts), now);
        await db.SaveChangesAsync(cancellationToken);
        return new SignInResult(outcome, row.ToUser());
    }

    /// <summary>Counts a failure (atomically: two at once are two), locking the account when it reaches the limit.</summary>
    private async Task<SignInResult> FailAsync(UserRow row, string reason, CancellationToken cancellationToken)
    {
        var now = store.Time.GetUtcNow();
        await using var db = store.CreateContext();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Users.Where(u => u.Id == row.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.FailedAttempts, u => u.FailedAttempts + 1), cancellationToken);
        var current = await db.Users.SingleAsync(u => u.Id == row.Id, cancellationToken);
        var state = _lockout.AfterFailure(current.FailedAttempts - 1, now);
        current.FailedAttempts = state.FailedAttempts;
        current.LockedUntil = state.LockedUntil ?? current.LockedUntil;
        EventWriter.Add(db, new UserSignInFailed(row.Name, row.Name, reason, state.FailedAttempts), now);
        if (state.LockedUntil is { } until)
        {
            EventWriter.Add(db, new UserLockedOut(DomainEvent.System, row.Name, until), now);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SignInResult(state.LockedOut ? SignInOutcome.LockedOut : SignInOutcome.Failed, current.ToUser());
    }

    private async Task<int> UpdateAsync(
        int id,
        CancellationToken cancellationToken,
        Action<Microsoft.EntityFrameworkCore.Query.UpdateSettersBuilder<UserRow>> set,
        System.Linq.Expressions.Expression<Func<UserRow, bool>>? condition = null)
    {
        await using var db = store.CreateContext();
        var query = db.Users.Where(u => u.Id == id);
        if (condition is not null)
        {
            query = query.Where(condition);
        }

        return await query.ExecuteUpdateAsync(set, cancellationToken);
    }
}
