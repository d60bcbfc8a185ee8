using System.Globalization;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Aegis.Server.Hosting;
using Aegis.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Aegis.Server.Auth;

/// <summary>
/// Authenticates a request by its API key: <c>Authorization: Bearer aegis_…</c> or <c>X-Api-Key: aegis_…</c>. The
/// key's role becomes the user's role; its name the user's name (for logs and rate limits). Credentials that are not
/// a valid key (an unknown or revoked key, another scheme such as <c>Basic</c>, an empty header, two different keys) are
/// a 401, never anonymous: anonymous means no credentials at all. Too many of them from one address are a 429
/// (<see cref="FailedAuthLimiter"/>).
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyCache keys,
    FailedAuthLimiter failures,
    ServerOptions server)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>Where the wait of an address over its failure limit is kept for the challenge.</summary>
    private static readonly object RetryAfterItem = new();

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var (secret, wrong) = ReadCredentials(Request);
        if (secret is null && wrong is null)
        {
            return AnonymousHma() is { } anonymous ? Success("anonymous-hma", anonymous) : AuthenticateResult.NoResult();
        }

        if (secret is not null && await keys.FindAsync(secret, Context.RequestAborted) is { } key)
        {
            return Success(key.Name, key.Role);
        }

        if (failures.Fail(Context.Connection.RemoteIpAddress) is { } retryAfter)
        {
            Context.Items[RetryAfterItem] = retryAfter;
        }

        return AuthenticateResult.Fail(wrong ?? "The API key is not valid (unknown or revoked).");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items[RetryAfterItem] is TimeSpan retryAfter)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await Problems.WriteAsync(
                Context,
                StatusCodes.Status429TooManyRequests,
                "Too many failed attempts",
                $"Too many requests with wrong credentials from this address (RateLimit:FailedAuthPerMinute is {server.RateLimit.FailedAuthPerMinute}); try again in {seconds} s. Valid keys are not affected.");
            return;
        }

        var result = await HandleAuthenticateOnceSafeAsync();
        Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.WriteAsync(
            Context,
            StatusCodes.Status401Unauthorized,
            "Unauthorized",
            result.Failure?.Message ?? "This endpoint needs an API key: send 'Authorization: Bearer <key>' or 'X-Api-Key: <key>' (make one with 'aegis apikey create').");
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var role = Context.User.FindFirstValue(ClaimTypes.Role) ?? "none";
        await Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", $"An API key with role '{role}' may not do this.");
    }

    /// <summary>The key sent, or what is wrong with the credentials sent; both null when none were sent.</summary>
    private static (string? Key, string? Wrong) ReadCredentials(HttpRequest request)
    {
        string? header = null;
        if (request.Headers.TryGetValue("X-Api-Key", out var values))
        {
            header = values.Count == 1 ? values.ToString().Trim() : "";
            if (header.Length == 0)
            {
                return (null, "The X-Api-Key header must hold one API key.");
            }
        }

        string? bearer = null;
        if (request.Headers.Authorization is { Count: > 0 } authorization)
        {
            var value = authorization.Count == 1 ? authorization.ToString().Trim() : "";
            var space = value.IndexOf(' ', StringComparison.Ordinal);
            var scheme = space < 0 ? value : value[..space];
            if (!scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
            {
                var named = scheme.Length is > 0 and <= 20 && scheme.All(char.IsAsciiLetterOrDigit) ? $"'{scheme}'" : "another scheme";
                return (null, $"The Authorization header must be 'Bearer <key>' with an Aegis API key; got {named}.");
            }

            bearer = space < 0 ? "" : value[(space + 1)..].Trim();
            if (bearer.Length == 0)
            {
                return (null, "The Authorization header 'Bearer' has no key after it.");
            }
        }

        return header is not null && bearer is not null && !header.Equals(bearer, StringComparison.Ordinal)
            ? (null, "X-Api-Key and Authorization hold different keys; send one.")
            : (header ?? bearer, null);
    }

    private ApiKeyRole? AnonymousHma()
    {
        if (server.Hma.AnonymousRole is not { } role || !Enum.TryParse<ApiKeyRole>(role, ignoreCase: true, out var parsed))
        {
            return null;
        }

        var path = Request.Path;
        return path.StartsWithSegments("/h") || path.StartsWithSegments("/m") || path.StartsWithSegments("/c") || path.StartsWithSegments("/status")
            ? parsed
            : null;
    }

    private AuthenticateResult Success(string name, ApiKeyRole role)
    {
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, Roles.Name(role))], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }
}
