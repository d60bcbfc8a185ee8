using Aegis.Core.Cases;

namespace Aegis.Storage;

/// <summary>Readers of the queue from the roles the store knows: a console user's or an API key's.</summary>
public static class QueueReaders
{
    /// <summary>
    /// A reader of this name and role, with the queues given (null: the role's default). An API key reads with its role
    /// and no queue list.
    /// </summary>
    /// <exception cref="ArgumentException">The role reviews nothing and reads no case (platform, trusted flagger).</exception>
    public static QueueReader Of(string name, ApiKeyRole role, IReadOnlyCollection<ReviewQueue>? queues = null) => new(name, Role(role), queues);

    /// <summary>The review role of a key or user role.</summary>
    /// <exception cref="ArgumentException">The role reviews nothing and reads no case (platform, trusted flagger).</exception>
    public static ReaderRole Role(ApiKeyRole role) => role switch
    {
        ApiKeyRole.Reviewer => ReaderRole.Reviewer,
        ApiKeyRole.SeniorReviewer => ReaderRole.SeniorReviewer,
        ApiKeyRole.Curator => ReaderRole.Curator,
        ApiKeyRole.Admin => ReaderRole.Admin,
        _ => throw new ArgumentException($"The {UserRoles.Name(role)} role reads no case.", nameof(role)),
    };
}
