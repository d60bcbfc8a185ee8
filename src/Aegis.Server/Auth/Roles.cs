using Aegis.Storage;
using Microsoft.AspNetCore.Authorization;

namespace Aegis.Server.Auth;

/// <summary>The authorization policies: a role, or admin, which may do everything.</summary>
internal static class Roles
{
    public const string Platform = "platform";
    public const string Curator = "curator";
    public const string Admin = "admin";
    public const string Reviewer = "reviewer";
    public const string SeniorReviewer = "senior-reviewer";
    public const string TrustedFlagger = "trusted-flagger";
    public const string Subscriber = "subscriber";

    /// <summary>
    /// Who oversees how reports are handled (the console's statistics): senior reviewers, curators and admins. The
    /// figures name no content and no person, but the console shows them among the admin pages a reviewer cannot open.
    /// </summary>
    public const string Oversight = "oversight";

    /// <summary>Any valid key of the platform's own (metrics, the OpenAPI document): not another platform's feed subscription.</summary>
    public const string AnyKey = "any-key";

    public static string Name(ApiKeyRole role) => role switch
    {
        ApiKeyRole.Platform => Platform,
        ApiKeyRole.Curator => Curator,
        ApiKeyRole.Reviewer => Reviewer,
        ApiKeyRole.SeniorReviewer => SeniorReviewer,
        ApiKeyRole.TrustedFlagger => TrustedFlagger,
        ApiKeyRole.Subscriber => Subscriber,
        _ => Admin,
    };

    public static void AddPolicies(AuthorizationOptions options)
    {
        options.AddPolicy(Platform, p => p.RequireRole(Platform, Admin));
        options.AddPolicy(Curator, p => p.RequireRole(Curator, Admin));
        options.AddPolicy(Admin, p => p.RequireRole(Admin));
        options.AddPolicy(Reviewer, p => p.RequireRole(Reviewer, SeniorReviewer, Admin));
        options.AddPolicy(TrustedFlagger, p => p.RequireRole(TrustedFlagger, Admin));
        options.AddPolicy(Subscriber, p => p.RequireRole(Subscriber, Admin));
        options.AddPolicy(Oversight, p => p.RequireRole(SeniorReviewer, Curator, Admin));
        options.AddPolicy(AnyKey, p => p.RequireAuthenticatedUser().RequireAssertion(c => !c.User.IsInRole(Subscriber)));
        options.FallbackPolicy = options.GetPolicy(AnyKey);
    }
}
