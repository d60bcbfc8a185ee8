using System.Globalization;
using Aegis.Core.Users;
using Aegis.Server.Web;
using Aegis.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aegis.Server.Pages;

/// <summary>
/// The signed-in user's own account: who they are, how evidence is shown to them (their blur, grayscale, mute and break
/// reminder over the organisation's defaults, and their reveals today), and TOTP enrolment (the secret shown once, in use
/// after a first code).
/// </summary>
internal sealed class AccountModel(UserStore users, ReviewerViewing viewing, AuditLog audit, TimeProvider time) : PageModel
{
    public User Me { get; private set; } = null!;

    public TotpEnrolment? Enrolment { get; private set; }

    public string? Message { get; private set; }

    public FormErrors Errors { get; } = new();

    /// <summary>The organisation's defaults.</summary>
    public ViewingSettings Defaults => viewing.Defaults;

    /// <summary>What this user sees now: their settings over the defaults.</summary>
    public ViewingSettings Effective => Me.Viewing.Over(Defaults);

    /// <summary>The values shown in the viewing form (what was typed, after a mistake).</summary>
    public ViewingForm Form { get; private set; } = ViewingForm.Empty;

    public int RevealsToday { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken) ? Page() : Forbid();

    public async Task<IActionResult> OnPostViewingAsync(string? blur, string? grayscale, string? mute, string? breakMinutes, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Forbid();
        }

        Form = new ViewingForm(blur ?? "", grayscale ?? "", mute ?? "", breakMinutes ?? "");
        var preferences = new ViewingPreferences(
            Number("blur", blur, "The blur is a number of pixels, such as 24") is { } sigma ? sigma : null,
            Switch("grayscale", grayscale),
            Switch("mute", mute),
            Number("breakMinutes", breakMinutes, "The break reminder is a whole number of minutes, such as 50", whole: true) is { } minutes ? (int)minutes : null);
        if (!Errors.Any && preferences.Validate(ReviewerViewing.BlurRange.Min, ReviewerViewing.BlurRange.Max) is { } invalid)
        {
            Errors.Add(invalid.StartsWith("The blur", StringComparison.Ordinal) ? "blur" : "breakMinutes", invalid);
        }

        if (Errors.Any)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Me = await users.SetViewingAsync(Me.Name, preferences, cancellationToken);
        Form = ViewingForm.Of(Me.Viewing);
        Message = "Saved: evidence is shown to you with these settings from your next page.";
        return Page();
    }

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
        var me = await users.FindAsync(User.Name(), cancellationToken);
        if (me is null)
        {
            return false;
        }

        Me = me;
        Form = ViewingForm.Of(me.Viewing);
        RevealsToday = await audit.TodayAsync(me.Name, time.GetUtcNow(), cancellationToken);
        return true;
    }

    /// <summary>A number field: empty is the organisation's default (null).</summary>
    private double? Number(string field, string? value, string hint, bool whole = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var styles = whole ? NumberStyles.Integer : NumberStyles.Float;
        if (double.TryParse(value.Trim(), styles, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number))
        {
            return number;
        }

        Errors.Add(field, $"{hint}, or empty for the organisation's default; got '{ConsoleFormat.Cut(value, 40)}'.");
        return null;
    }

    /// <summary>A three-way choice: <c>default</c> (or empty), <c>on</c>, <c>off</c>.</summary>
    private bool? Switch(string field, string? value)
    {
        switch (value)
        {
            case null or "" or "default":
                return null;
            case "on":
                return true;
            case "off":
                return false;
            default:
                Errors.Add(field, $"Choose the organisation's default, on or off; got '{ConsoleFormat.Cut(value, 40)}'.");
                return null;
        }
    }
}
