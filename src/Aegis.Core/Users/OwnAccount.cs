namespace Aegis.Core.Users;

/// <summary>
/// What an admin may not do to their own account: disable it or change its role. Either would leave them locked out of
/// the pages they are using (and a lone admin with no admin left); another admin does it.
/// </summary>
public static class OwnAccount
{
    /// <summary>Why <paramref name="actor"/> may not disable <paramref name="name"/>, or null when they may.</summary>
    public static string? RefuseDisable(string actor, string name) =>
        IsSelf(actor, name) ? "You cannot disable your own account; another admin can." : null;

    /// <summary>Why <paramref name="actor"/> may not change the role of <paramref name="name"/>, or null when they may.</summary>
    public static string? RefuseRoleChange(string actor, string name) =>
        IsSelf(actor, name) ? "You cannot change your own role; another admin can." : null;

    /// <summary>True when the actor is the user (names compare ignoring case, as user names do).</summary>
    public static bool IsSelf(string? actor, string? name) =>
        actor is not null && name is not null && UserNames.Validate(name) is null && UserNames.Normalize(actor) == UserNames.Normalize(name);
}
