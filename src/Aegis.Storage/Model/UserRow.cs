namespace Aegis.Storage.Model;

/// <summary>A row of <c>users</c>: a local account of the review console. Never the password, only its hash.</summary>
internal sealed class UserRow
{
    public int Id { get; set; }

    /// <summary>The name as it was given.</summary>
    public required string Name { get; set; }

    /// <summary>The name upper-cased (unique): names differing only in case are one user.</summary>
    public required string NormalizedName { get; set; }

    /// <summary>ASP.NET Core Identity's <c>PasswordHasher</c> output (PBKDF2, salted, base64).</summary>
    public required string PasswordHash { get; set; }

    public ApiKeyRole Role { get; set; }

    public bool Disabled { get; set; }

    /// <summary>Failed sign-ins in a row since the last success or lock.</summary>
    public int FailedAttempts { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>The TOTP secret, base32; set at enrolment, in use once <see cref="TotpConfirmed"/>.</summary>
    public string? TotpSecret { get; set; }

    public bool TotpConfirmed { get; set; }

    /// <summary>The last TOTP time step accepted: a code is used once.</summary>
    public long? TotpLastStep { get; set; }

    /// <summary>Changes when the password is reset or the user disabled: sessions made before are no longer valid.</summary>
    public required string SecurityStamp { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>The review queues they work, by wire name, comma-separated (<c>child-safety,general</c>); null for their role's default.</summary>
    public string? Queues { get; set; }

    public User ToUser() => new(Id, Name, Role, Disabled, CreatedAt, LastSignInAt, LockedUntil, TotpConfirmed, SecurityStamp)
    {
        Queues = Queues is null ? null : QueueList.Parse(Queues),
    };
}
