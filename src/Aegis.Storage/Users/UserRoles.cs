namespace Aegis.Storage;

/// <summary>The roles a person may have, by the names the API's roles have (<c>senior-reviewer</c>…).</summary>
public static class UserRoles
{
    /// <summary>The roles a person may have (the API keys' roles, less the platform's and the trusted flagger's).</summary>
    public static IReadOnlyList<ApiKeyRole> All { get; } = [ApiKeyRole.Reviewer, ApiKeyRole.SeniorReviewer, ApiKeyRole.Curator, ApiKeyRole.Admin];

    /// <summary>The names of <see cref="All"/>, for messages.</summary>
    public static string Names => string.Join(", ", All.Select(Name));

    /// <summary>A role's name: <c>reviewer</c>, <c>senior-reviewer</c>, <c>curator</c> or <c>admin</c>.</summary>
    public static string Name(ApiKeyRole role) => role switch
    {
        ApiKeyRole.SeniorReviewer => "senior-reviewer",
        ApiKeyRole.TrustedFlagger => "trusted-flagger",
        _ => role.ToString().ToLowerInvariant(),
    };

    /// <summary>The user role of this name (any case), or null.</summary>
    public static ApiKeyRole? Parse(string? name) =>
        All.Select(r => (ApiKeyRole?)r).FirstOrDefault(r => string.Equals(Name(r!.Value), name, StringComparison.OrdinalIgnoreCase));
}
