using System.Globalization;
using System.Security.Claims;
using Aegis.Server.Auth;
using Aegis.Server.Hosting;
using Aegis.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Web;

/// <summary>
/// The review console's sign-in: a cookie for local users, separate from the API keys (no API endpoint accepts it, so
/// a page can never be made to call the API with a reviewer's cookie). The session ends after
/// <see cref="UserOptions.IdleMinutes"/> without a request, and after <see cref="UserOptions.SessionHours"/> in any case.
/// The user's role is read from the store on every request, never taken from the cookie: a role changed or an account
/// disabled counts at the reviewer's next click.
/// </summary>
internal static class ConsoleAuth
{
    public const string Scheme = "Console";

    /// <summary>Any signed-in console user.</summary>
    public const string Signed = "console";

    /// <summary>Reviewers, senior reviewers and admins.</summary>
    public const string Reviewers = "console-reviewer";

    /// <summary>Curators and admins (banks).</summary>
    public const string Curators = "console-curator";

    /// <summary>Senior reviewers, curators and admins (the stats page; the API's <c>oversight</c>).</summary>
    public const string Oversight = "console-oversight";

    /// <summary>Admins only (keys, users, evidence holds).</summary>
    public const string Admins = "console-admin";

    /// <summary>The claim with the security stamp the session was made with.</summary>
    private const string StampClaim = "aegis:stamp";

    /// <summary>The claim with the session's start (round-trip format).</summary>
    private const string StartedClaim = "aegis:started";

    public static IServiceCollection AddConsoleAuth(this IServiceCollection services, AuthenticationBuilder authentication, ServerOptions options, TimeProvider time)
    {
        authentication.AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "aegis_console";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.Cookie.Path = "/";
            cookie.ExpireTimeSpan = TimeSpan.FromMinutes(options.Users.IdleMinutes);
            cookie.SlidingExpiration = true;
            cookie.TimeProvider = time;
            cookie.LoginPath = ConsolePaths.SignIn;
            cookie.LogoutPath = ConsolePaths.SignOut;
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.Events.OnValidatePrincipal = ValidateAsync;
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        services.AddAuthorization(policies =>
        {
            policies.AddPolicy(Signed, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser());
            policies.AddPolicy(Reviewers, p => p.AddAuthenticationSchemes(Scheme).RequireRole(Roles.Reviewer, Roles.SeniorReviewer, Roles.Admin));
            policies.AddPolicy(Curators, p => p.AddAuthenticationSchemes(Scheme).RequireRole(Roles.Curator, Roles.Admin));
            policies.AddPolicy(Oversight, p => p.AddAuthenticationSchemes(Scheme).RequireRole(Roles.SeniorReviewer, Roles.Curator, Roles.Admin));
            policies.AddPolicy(Admins, p => p.AddAuthenticationSchemes(Scheme).RequireRole(Roles.Admin));
        });
        return services;
    }

    /// <summary>The principal of a session for <paramref name="user"/>, started at <paramref name="started"/>.</summary>
    public static ClaimsPrincipal Principal(User user, DateTimeOffset started)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, user.Name),
                new Claim(ClaimTypes.Role, Roles.Name(user.Role)),
                new Claim(StampClaim, user.SecurityStamp),
                new Claim(StartedClaim, started.ToString("O", CultureInfo.InvariantCulture)),
            ],
            Scheme);
        return new ClaimsPrincipal(identity);
    }

    /// <summary>
    /// Every request: the user must still exist, be enabled and hold the stamp the session was made with (a reset
    /// password or a disable changes it), and the session must be younger than <see cref="UserOptions.SessionHours"/>.
    /// The role is the one stored now.
    /// </summary>
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var options = services.GetRequiredService<ServerOptions>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var principal = context.Principal;
        var name = principal?.FindFirstValue(ClaimTypes.Name);
        var user = name is null ? null : await services.GetRequiredService<UserStore>().FindAsync(name, context.HttpContext.RequestAborted);
        var started = DateTimeOffset.TryParse(principal?.FindFirstValue(StartedClaim), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var s) ? s : DateTimeOffset.MinValue;
        if (user is null || user.Disabled || user.SecurityStamp != principal?.FindFirstValue(StampClaim)
            || now - started > TimeSpan.FromHours(options.Users.SessionHours) || !UserRoles.All.Contains(user.Role))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(Scheme);
            return;
        }

        if (principal!.FindFirstValue(ClaimTypes.Role) != Roles.Name(user.Role))
        {
            context.ReplacePrincipal(Principal(user, started));
            context.ShouldRenew = true;
        }
    }

    /// <summary>True for a principal signed in through the console (not an API key).</summary>
    public static bool IsConsoleUser(this ClaimsPrincipal principal) =>
        principal.Identity is { IsAuthenticated: true, AuthenticationType: Scheme };

    /// <summary>Marks every page under <c>/Pages</c> as needing a signed-in console user unless it says otherwise.</summary>
    public static void RequireSignIn(Microsoft.AspNetCore.Mvc.RazorPages.RazorPagesOptions pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        pages.Conventions.AuthorizeFolder("/", Signed);
    }

    /// <summary>The reader's name: the user's, as decisions, claims and the audit log record it.</summary>
    public static string Name(this ClaimsPrincipal principal) => principal.FindFirstValue(ClaimTypes.Name) ?? "unknown";

    /// <summary>The authorization service's answer for a console policy, for pages that show or hide links by role.</summary>
    public static async Task<bool> AllowsAsync(this IAuthorizationService authorization, ClaimsPrincipal user, string policy) =>
        (await authorization.AuthorizeAsync(user, policy)).Succeeded;
}
