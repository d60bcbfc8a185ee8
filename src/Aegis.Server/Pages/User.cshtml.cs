using Aegis.Core.Users;
using Aegis.Server.Cases;
using Aegis.Server.Web;
using Aegis.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aegis.Server.Pages;

/// <summary>
/// One user (admins): change their role, disable or enable them (their sessions end at once), reset their password
/// (shown once; their sessions end), lift a lock. Every change is audited with the signed-in admin as the actor. An
/// admin cannot disable themselves or change their own role (<see cref="OwnAccount"/>).
/// </summary>
[Authorize(Policy = ConsoleAuth.Admins)]
internal sealed class UserModel(UserStore users, AuditSealer sealer, TimeProvider time) : PageModel
{
    public User Account { get; private set; } = null!;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>True when the page is the signed-in admin's own.</summary>
    public bool IsSelf => OwnAccount.IsSelf(User.Name(), Account.Name);

    public FormErrors Errors { get; } = new();

    public string? Done { get; private set; }

    /// <summary>The new password after a reset: shown on this answer only.</summary>
    public string? NewPassword { get; private set; }

    public async Task<IActionResult> OnGetAsync(string name, string? done, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NoSuchUser(name);
        }

        Done = done switch
        {
            "role" => $"{Account.Name} is now {UserRoles.Name(Account.Role)}; it counts at their next click.",
            "disabled" => $"{Account.Name} is disabled: they cannot sign in, and their sessions have ended.",
            "enabled" => $"{Account.Name} is enabled and may sign in again.",
            "unlocked" => $"{Account.Name} is unlocked.",
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostRoleAsync(string name, string? role, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NoSuchUser(name);
        }

        if (UserRoles.Parse(role) is not { } parsed)
        {
            return Refused("user-role", $"Choose a role: {UserRoles.Names}.");
        }

        return await ChangeAsync("user-role", "role", () => users.SetRoleAsync(Account.Name, parsed, User.Name(), cancellationToken));
    }

    public async Task<IActionResult> OnPostDisableAsync(string name, CancellationToken cancellationToken) =>
        !await LoadAsync(name, cancellationToken)
            ? NoSuchUser(name)
            : await ChangeAsync("user-disable", "disabled", () => users.SetDisabledAsync(Account.Name, true, User.Name(), cancellationToken));

    public async Task<IActionResult> OnPostEnableAsync(string name, CancellationToken cancellationToken) =>
        !await LoadAsync(name, cancellationToken)
            ? NoSuchUser(name)
            : await ChangeAsync("user-disable", "enabled", () => users.SetDisabledAsync(Account.Name, false, User.Name(), cancellationToken));

    public async Task<IActionResult> OnPostUnlockAsync(string name, CancellationToken cancellationToken) =>
        !await LoadAsync(name, cancellationToken)
            ? NoSuchUser(name)
            : await ChangeAsync("user-unlock", "unlocked", () => users.UnlockAsync(Account.Name, User.Name(), cancellationToken));

    /// <summary>A new generated password, shown on the answer (no redirect: it is not kept anywhere to show again).</summary>
    public async Task<IActionResult> OnPostResetAsync(string name, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, cancellationToken))
        {
            return NoSuchUser(name);
        }

        var password = UserStore.GeneratePassword();
        Account = await users.ResetPasswordAsync(Account.Name, password, User.Name(), cancellationToken);
        sealer.Wake();
        NewPassword = password;
        return Page();
    }

    private async Task<IActionResult> ChangeAsync(string field, string done, Func<Task<User>> change)
    {
        try
        {
            await change();
        }
        catch (BankStoreException e) when (e.Error is BankStoreError.Conflict or BankStoreError.Invalid)
        {
            return Refused(field, e.Message);
        }

        sealer.Wake();
        return Redirect($"{AdminPaths.User(Account.Name)}?done={done}");
    }

    private PageResult Refused(string field, string message)
    {
        Errors.Add(field, message);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    private IActionResult NoSuchUser(string name) => ConsoleRefusal.NotFound(HttpContext, $"There is no user named '{name}'.");

    private async Task<bool> LoadAsync(string name, CancellationToken cancellationToken)
    {
        Account = (await users.FindAsync(name, cancellationToken))!;
        return Account is not null;
    }
}
