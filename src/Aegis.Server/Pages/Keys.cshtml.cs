using Aegis.Server.Auth;
using Aegis.Server.Cases;
using Aegis.Server.Web;
using Aegis.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aegis.Server.Pages;

/// <summary>
/// API keys (admins): listed (never a secret), made (the secret shown once, on the answer to the form, and stored only
/// as its hash) and revoked, with <c>aegis apikey</c>'s rules. Making and revoking are audited with the signed-in user.
/// </summary>
[Authorize(Policy = ConsoleAuth.Admins)]
internal sealed class KeysModel(ApiKeyStore keys, ApiKeyCache cache, AuditSealer sealer) : PageModel
{
    /// <summary>Every role a key may have, by its API name, in the order the form offers them.</summary>
    public static IReadOnlyList<ApiKeyRole> RoleChoices { get; } =
        [ApiKeyRole.Platform, ApiKeyRole.Reviewer, ApiKeyRole.SeniorReviewer, ApiKeyRole.Curator, ApiKeyRole.TrustedFlagger, ApiKeyRole.Subscriber, ApiKeyRole.Admin];

    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    public FormErrors Errors { get; } = new();

    /// <summary>The key just made, with its secret: shown on this answer only.</summary>
    public NewApiKey? Created { get; private set; }

    public string? Name { get; private set; }

    public string? Role { get; private set; }

    public string? Done { get; private set; }

    public async Task OnGetAsync(string? revoked, CancellationToken cancellationToken)
    {
        Done = revoked is null ? null : $"API key '{revoked}' is revoked: it is refused on this server now, and on every other within {ApiKeyCache.Lifetime.TotalSeconds:0} seconds.";
        Keys = await keys.ListAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostCreateAsync(string? name, string? role, CancellationToken cancellationToken)
    {
        (Name, Role) = (name, role);
        var parsed = RoleChoices.Cast<ApiKeyRole?>().FirstOrDefault(r => UserRoles.Name(r!.Value) == role);
        Errors.Add("key-name", Aegis.Matching.Banks.Bank.ValidateName(name)?.Replace("A bank name", "A key name", StringComparison.Ordinal).Replace("bank name", "key name", StringComparison.Ordinal));
        Errors.Add("key-role", parsed is null ? "Choose the key's role." : null);
        if (!Errors.Any)
        {
            try
            {
                Created = await keys.CreateAsync(name!, parsed!.Value, User.Name(), cancellationToken);
                sealer.Wake();
                (Name, Role) = (null, null);
            }
            catch (BankStoreException e) when (e.Error is BankStoreError.AlreadyExists or BankStoreError.Invalid)
            {
                Errors.Add("key-name", e.Message);
            }
        }

        Keys = await keys.ListAsync(cancellationToken);
        if (Errors.Any)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(string? name, CancellationToken cancellationToken)
    {
        try
        {
            var key = await keys.RevokeAsync(name ?? "", User.Name(), cancellationToken);
            cache.Clear();
            sealer.Wake();
            return Redirect($"{AdminPaths.Keys}?revoked={Uri.EscapeDataString(key.Name)}");
        }
        catch (BankStoreException e) when (e.Error == BankStoreError.NotFound)
        {
            return ConsoleRefusal.NotFound(HttpContext, e.Message);
        }
    }
}
