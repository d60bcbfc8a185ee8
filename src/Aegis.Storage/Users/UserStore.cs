using System.Security.Cryptography;
using Aegis.Core.Cases;
using Aegis.Core.Events;
using Aegis.Core.Users;
using Aegis.Storage.Model;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage;

/// <summary>
/// The review console's local users: made, listed, disabled, their passwords checked and reset, TOTP enrolled and
/// checked. Passwords are hashed by ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2, compared in
/// constant time); failed sign-ins lock an account by <see cref="LockoutPolicy"/>. Every change is audited in its own
/// transaction. The TOTP secret is stored as base32 in the row (a copy of the database holds it, as it holds the Data
/// Protection keys) and is never shown after enrolment.
/// </summary>
public sealed partial class UserStore(BankStore store, LockoutPolicy? lockout = null)
{
    /// <summary>The shortest password accepted.</summary>
    public const int MinPasswordLength = 12;

    /// <summary>The longest password accepted.</summary>
    public const int MaxPasswordLength = 1024;

    private static readonly PasswordHasher<UserRow> Hasher = new();

    /// <summary>A hash checked when the name is unknown, so an unknown name costs what a wrong password does.</summary>
    private static readonly Lazy<string> UnknownUserHash = new(() => Hasher.HashPassword(null!, GeneratePassword()));

    private readonly LockoutPolicy _lockout = lockout ?? LockoutPolicy.Default;

    /// <summary>A new random password: 24 base64url characters (144 bits).</summary>
    public static string GeneratePassword() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_');

    /// <summary>Makes a user, who works their role's default queues.</summary>
    /// <exception cref="BankStoreException">The name, role or password is not valid, or the name is taken.</exception>
    public Task<User> CreateAsync(string name, ApiKeyRole role, string password, string actor, CancellationToken cancellationToken = default) =>
        CreateAsync(name, role, password, actor, null, cancellationToken);

    /// <summary>Makes a user who works <paramref name="queues"/> (null: their role's default), audited as made and, when given queues, as given them.</summary>
    /// <exception cref="BankStoreException">The name, role, queues or password is not valid, or the name is taken.</exception>
    public async Task<User> CreateAsync(
        string name, ApiKeyRole role, string password, string actor, IReadOnlyCollection<ReviewQueue>? queues, CancellationToken cancellationToken = default)
    {
        if (UserNames.Validate(name) is { } invalid)
        {
            throw new BankStoreException(BankStoreError.Invalid, invalid);
        }

        if (!UserRoles.All.Contains(role))
        {
            throw new BankStoreException(BankStoreError.Invalid, $"A user's role is one of {UserRoles.Names}, not {UserRoles.Name(role)}.");
        }

        ValidateQueues(role, queues);
        ValidatePassword(password);
        var now = store.Time.GetUtcNow();
        var row = new UserRow
        {
            Name = name,
            NormalizedName = UserNames.Normalize(name),
            PasswordHash = Hasher.HashPassword(null!, password),
            Role = role,
            SecurityStamp = NewStamp(),
            CreatedAt = now,
            Queues = queues is null ? null : QueueList.Format(queues),
        };
        await using var db = store.CreateContext();
        db.Users.Add(row);
        EventWriter.Add(db, new UserCreated(actor, name, UserRoles.Name(role)), now);
        if (queues is not null)
        {
            EventWriter.Add(db, new UserQueuesChanged(actor, name, ReviewQueues.Describe(queues)), now);
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (StoreErrors.IsUniqueViolation(e))
        {
            throw new BankStoreException(BankStoreError.AlreadyExists, $"A user named '{name}' already exists (names are compared ignoring case).", e);
        }

        return row.ToUser();
    }

    /// <summary>The user of this name (whatever its case), or null.</summary>
    public async Task<User?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        if (UserNames.Validate(name) is not null)
        {
            return null;
        }

        var normalized = UserNames.Normalize(name);
        await using var db = store.CreateContext();
        var row = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.NormalizedName == normalized, cancellationToken);
        return row?.ToUser();
    }

    /// <summary>Every user, disabled ones too, by name.</summary>
    public async Task<IReadOnlyList<User>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = store.CreateContext();
        var rows = await db.Users.AsNoTracking().ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.NormalizedName, StringComparer.Ordinal).Select(r => r.ToUser())];
    }

    /// <summary>Disables a user (their security stamp changes, so their sessions end) or enables one again (clearing a lock).</summary>
    /// <exception cref="BankStoreException">No user has that name.</exception>
    public Task<User> SetDisabledAsync(string name, bool disabled, string actor, CancellationToken cancellationToken = default) =>
        ChangeAsync(name, cancellationToken, row =>
        {
            if (row.Disabled == disabled)
            {
                return null;
            }

            row.Disabled = disabled;
            if (disabled)
            {
                row.SecurityStamp = NewStamp();
                return new UserDisabled(actor, row.Name);
            }

            row.FailedAttempts = 0;
            row.LockedUntil = null;
            return new UserEnabled(actor, row.Name);
        });

    /// <summary>Replaces a user's password, clears a lock and changes their security stamp (their sessions end).</summary>
    /// <exception cref="BankStoreException">No user has that name, or the password is not valid.</exception>
    public Task<User> ResetPasswordAsync(string name, string password, string actor, CancellationToken cancellationToken = default)
    {
        ValidatePassword(password);
        var hash = Hasher.HashPassword(null!, password);
        return ChangeAsync(name, cancellationToken, row =>
        {
            row.PasswordHash = hash;
            row.SecurityStamp = NewStamp();
            row.FailedAttempts = 0;
            row.LockedUntil = null;
            return new UserPasswordReset(actor, row.Name);
        });
    }

    /// <summary>
    /// Gives a user the review queues they work (null: their role's default), audited. Who may read a case is decided
    /// from these when it is read, so the change holds from the user's next page.
    /// </summary>
    /// <exception cref="BankStoreException">No user has that name, or their role may not work one of the queues.</exception>
    public Task<User> SetQueuesAsync(string name, IReadOnlyCollection<ReviewQueue>? queues, string actor, CancellationToken cancellationToken = default)
    {
        var stored = queues is null ? null : QueueList.Format(queues);
        return ChangeAsync(name, cancellationToken, row =>
        {
            ValidateQueues(row.Role, queues);
            if (row.Queues == stored)
            {
                return null;
            }

            row.Queues = stored;
            return new UserQueuesChanged(actor, row.Name, queues is null ? "default" : ReviewQueues.Describe(queues));
        });
    }

    private static void ValidateQueues(ApiKeyRole role, IReadOnlyCollection<ReviewQueue>? queues)
    {
        if (ReviewQueues.Validate(QueueReaders.Role(role), queues) is { } refused)
        {
            throw new BankStoreException(BankStoreError.Invalid, refused);
        }
    }

    private static void ValidatePassword(string password)
    {
        if (password is null || password.Length < MinPasswordLength || password.Length > MaxPasswordLength)
        {
            throw new BankStoreException(BankStoreError.Invalid, $"The password must be {MinPasswordLength} to {MaxPasswordLength} characters long.");
        }
    }

    private static string NewStamp() => Guid.NewGuid().ToString("N");

    /// <summary>Loads a user, applies <paramref name="change"/> and saves it with the event it returns (null: nothing changed).</summary>
    private async Task<User> ChangeAsync(string name, CancellationToken cancellationToken, Func<UserRow, DomainEvent?> change)
    {
        var normalized = UserNames.Validate(name) is null ? UserNames.Normalize(name) : null;
        await using var db = store.CreateContext();
        var row = await db.Users.SingleOrDefaultAsync(u => u.NormalizedName == normalized, cancellationToken)
            ?? throw new BankStoreException(BankStoreError.NotFound, $"There is no user named '{name}'.");
        if (change(row) is { } e)
        {
            EventWriter.Add(db, e, store.Time.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
        }

        return row.ToUser();
    }
}
