using Aegis.Core.Cases;

namespace Aegis.Storage;

/// <summary>A local user of the review console, as listed: never the password or the TOTP secret.</summary>
/// <param name="Id">The user's id.</param>
/// <param name="Name">The name as given (unique whatever its case).</param>
/// <param name="Role">What they may do: reviewer, senior reviewer, curator or admin.</param>
/// <param name="Disabled">True when they may not sign in.</param>
/// <param name="CreatedAt">When the account was made.</param>
/// <param name="LastSignInAt">Their last complete sign-in, or null.</param>
/// <param name="LockedUntil">The end of a lock after failed sign-ins (it may be past).</param>
/// <param name="HasTotp">True when sign-in needs a TOTP code too.</param>
/// <param name="SecurityStamp">Changes when the password is reset or the user disabled: a session holding an older stamp is over.</param>
public sealed record User(
    int Id, string Name, ApiKeyRole Role, bool Disabled, DateTimeOffset CreatedAt, DateTimeOffset? LastSignInAt,
    DateTimeOffset? LockedUntil, bool HasTotp, string SecurityStamp)
{
    /// <summary>The review queues they were given, or null for their role's default (<see cref="ReviewQueues.Default"/>).</summary>
    public IReadOnlyList<ReviewQueue>? Queues { get; init; }

    /// <summary>Them as a reader of the queue and of cases (<see cref="QueueAccess"/>), with their role and queues as stored now.</summary>
    public QueueReader ToReader() => QueueReaders.Of(Name, Role, Queues);
}
