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
/// The console's users (admins): listed with their role and standing, and made with a generated password shown once
/// (as <c>aegis user create</c> prints it). Each user's own page changes them (<see cref="UserModel"/>).
/// </summary>
[Authorize(Policy = ConsoleAuth.Admins)]
internal sealed class UsersModel(UserStore users, AuditSealer sealer, TimeProvider time) : PageModel
{
    public IReadOnlyList<User> Users { get; private set; } = [];

    public DateTimeOffset Now => time.GetUtcNow();

    public FormErrors Errors { get; } = new();

    public string? Name { get; private set; }

    public string? Role { get; private set; }

    /// <summary>The user just made and their password: shown on this answer only.</summary>
    public (User User, string Password)? Created { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Users = await users.ListAsync(cancellationToken);

    public async Task<IActionResult> OnPostCreateAsync(string? name, string? role, CancellationToken cancellationToken)
    {
        (Name, Role) = (name, role);
        var parsed = UserRoles.Parse(role);
        Errors.Add("user-name", UserNames.Validate(name));
        Errors.Add("user-role", parsed is null ? $"Choose a role: {UserRoles.Names}." : null);
        if (!Errors.Any)
        {
            var password = UserStore.GeneratePassword();
            try
            {
                Created = (await users.CreateAsync(name!, parsed!.Value, password, User.Name(), cancellationToken), password);
                sealer.Wake();
                (Name, Role) = (null, null);
            }
            catch (BankStoreException e) when (e.Error is BankStoreError.AlreadyExists or BankStoreError.Invalid)
            {
                Errors.Add("user-name", e.Message);
            }
        }

        Users = await users.ListAsync(cancellationToken);
        if (Errors.Any)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    /// <summary>"active", "disabled" or "locked until …".</summary>
    public static string Standing(User user, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.Disabled ? "disabled"
            : LockoutPolicy.IsLocked(user.LockedUntil, now) ? $"locked until {ConsoleFormat.Time(user.LockedUntil)}"
            : "active";
    }
}
