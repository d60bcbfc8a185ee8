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
/// key's role becomes the user's role; its name the user's name (for logs and rate limits).
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyCache keys,
    ServerOptions server)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = ReadKey(Request);
        if (secret is null)
        {
            return AnonymousHma() is { } anonymous ? Success("anonymous-hma", anonymous) : AuthenticateResult.NoResult();
        }

        var key = await keys.FindAsync(secret, Context.RequestAborted);
        return key is null ? AuthenticateResult.Fail("The API key is not valid (unknown or revoked).") : Success(key.Name, key.Role);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var detail = ReadKey(Request) is null
            ? "This endpoint needs an API key: send 'Authorization: Bearer <key>' or 'X-Api-Key: <key>' (make one with 'aegis apikey create')."
            : "The API key is not valid (unknown or revoked).";
        Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.WriteAsync(Context, StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var role = Context.User.FindFirstValue(ClaimTypes.Role) ?? "none";
        await Problems.WriteAsync(Context, StatusCodes.Status403Forbidden, "Forbidden", $"An API key with role '{role}' may not do this.");
    }

    private static string? ReadKey(HttpRequest request)
    {
        if (request.Headers.XApiKey() is { Length: > 0 } header)
        {
            return header;
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
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

/// <summary>The <c>X-Api-Key</c> header.</summary>
internal static class ApiKeyHeader
{
    public static string? XApiKey(this IHeaderDictionary headers) =>
        headers.TryGetValue("X-Api-Key", out var value) ? value.ToString().Trim() : null;
}
