using System.Globalization;
using Aegis.Server.Web;
using Aegis.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aegis.Server.Pages;

/// <summary>
/// Sign-in: a name and password, then a TOTP code for users who have one. Between the two steps the page carries the
/// name in a token protected for five minutes (Data Protection), so the code step cannot be reached without the password.
/// </summary>
[AllowAnonymous]
internal sealed class SignInModel(UserStore users, IDataProtectionProvider protection, TimeProvider time) : PageModel
{
    private static readonly TimeSpan PendingLifetime = TimeSpan.FromMinutes(5);

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Name { get; private set; }

    public string? Message { get; private set; }

    /// <summary>The protected name of a user whose password was accepted and who owes a code.</summary>
    public string? Pending { get; private set; }

    public IActionResult OnGet() => User.IsConsoleUser() ? LocalRedirect(ConsolePaths.LocalOrHome(ReturnUrl, User.IsInRole(Auth.Roles.Curator))) : Page();

    public async Task<IActionResult> OnPostAsync(string? name, string? password, CancellationToken cancellationToken)
    {
        Name = name;
        var result = await users.VerifyPasswordAsync(name ?? "", password ?? "", cancellationToken);
        if (result.Outcome == SignInOutcome.SecondFactorRequired)
        {
            Pending = Protector().Protect(result.User!.Name, PendingLifetime);
            return Page();
        }

        return await FinishAsync(result);
    }

    public async Task<IActionResult> OnPostCodeAsync(string? pending, string? code, CancellationToken cancellationToken)
    {
        string name;
        try
        {
            name = Protector().Unprotect(pending ?? "", out var expires);
            if (expires < time.GetUtcNow())
            {
                throw new System.Security.Cryptography.CryptographicException("expired");
            }
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            Message = "That sign-in took too long or was not valid; enter your name and password again.";
            return Page();
        }

        var result = await users.VerifyTotpAsync(name, code ?? "", cancellationToken);
        if (result.Outcome == SignInOutcome.Failed)
        {
            Pending = pending;
            Message = "That code is not right (or was used already); enter the current one.";
            return Page();
        }

        return await FinishAsync(result);
    }

    private async Task<IActionResult> FinishAsync(Aegis.Storage.SignInResult result)
    {
        switch (result.Outcome)
        {
            case SignInOutcome.Succeeded:
                await HttpContext.SignInAsync(ConsoleAuth.Scheme, ConsoleAuth.Principal(result.User!, time.GetUtcNow()));
                return LocalRedirect(ConsolePaths.LocalOrHome(ReturnUrl, result.User!.Role == ApiKeyRole.Curator));
            case SignInOutcome.LockedOut:
                Message = result.User?.LockedUntil is { } until
                    ? string.Create(CultureInfo.InvariantCulture, $"This account is locked after too many failed sign-ins, until {until:yyyy-MM-dd HH:mm} UTC. An admin can unlock it sooner.")
                    : "This account is locked after too many failed sign-ins.";
                break;
            case SignInOutcome.Disabled:
                Message = "This account is disabled; ask an admin.";
                break;
            default:
                Message = "The name or the password is not right.";
                break;
        }

        Response.StatusCode = Microsoft.AspNetCore.Http.StatusCodes.Status400BadRequest;
        return Page();
    }

    private ITimeLimitedDataProtector Protector() => protection.CreateProtector("Aegis.Console.SignIn.Pending").ToTimeLimitedDataProtector();
}
