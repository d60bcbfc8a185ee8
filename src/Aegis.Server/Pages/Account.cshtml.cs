using Aegis.Server.Web;
using Aegis.Storage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aegis.Server.Pages;

/// <summary>The signed-in user's own account: who they are, and TOTP enrolment (the secret shown once, in use after a first code).</summary>
internal sealed class AccountModel(UserStore users) : PageModel
{
    public User Me { get; private set; } = null!;

    public TotpEnrolment? Enrolment { get; private set; }

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ? Page() : Forbid();

    public async Task<IActionResult> OnPostEnrolAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Forbid();
        }

        Enrolment = await users.EnrolTotpAsync(Me.Name, cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(string? code, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Forbid();
        }

        Message = await users.ConfirmTotpAsync(Me.Name, code ?? "", Me.Name, cancellationToken)
            ? "TOTP is on: your next sign-in asks for a code."
            : "That code did not match the new secret; TOTP is not on. Set it up again.";
        return await LoadAsync(cancellationToken) ? Page() : Forbid();
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Me = (await users.FindAsync(User.Name(), cancellationToken))!;
        return Me is not null;
    }
}
