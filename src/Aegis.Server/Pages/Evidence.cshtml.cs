using Aegis.Server.Evidence;
using Aegis.Server.Web;
using Aegis.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aegis.Server.Pages;

/// <summary>
/// Evidence holds (admins): the preserved items under a legal hold or near the end of their retention (when the purge
/// deletes them unless held), and holding or releasing one with a reason, audited as <c>evidence.held</c> /
/// <c>evidence.released</c> with the signed-in admin. Metadata only: this page never reads or links to the bytes.
/// </summary>
[Authorize(Policy = ConsoleAuth.Admins)]
internal sealed class EvidenceModel(EvidenceStore store, EvidenceVault vault, TimeProvider time) : PageModel
{
    /// <summary>The default window: items whose retention ends within this many days are listed.</summary>
    public const int DefaultDays = 30;

    /// <summary>The longest window offered (about ten years).</summary>
    public const int MaxDays = 3660;

    /// <summary>Items shown at most.</summary>
    public const int Limit = 500;

    public IReadOnlyList<EvidenceItem> Items { get; private set; } = [];

    public int Days { get; private set; } = DefaultDays;

    public DateTimeOffset Now => time.GetUtcNow();

    public FormErrors Errors { get; } = new();

    public string? Done { get; private set; }

    /// <summary>What was typed into the hold-by-id form, shown again after a mistake.</summary>
    public string? HoldId { get; private set; }

    public string? HoldReason { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? days, string? done, long? item, CancellationToken cancellationToken)
    {
        Done = done switch
        {
            "held" => $"Item {item} is held: it is kept whatever its retention until released.",
            "released" => $"Item {item}'s hold is released: it is deleted once its retention has passed.",
            _ => null,
        };
        if (days is not null)
        {
            if (int.TryParse(days, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var d) && d is >= 0 and <= MaxDays)
            {
                Days = d;
            }
            else
            {
                Errors.Add("days", $"The number of days is a whole number from 0 to {MaxDays}.");
                Response.StatusCode = StatusCodes.Status400BadRequest;
            }
        }

        await LoadAsync(cancellationToken);
        return Page();
    }

    public Task<IActionResult> OnPostHoldAsync(long? id, string? reason, int? days, string? form, CancellationToken cancellationToken) =>
        ChangeAsync(id, reason, days, form, "held", (i, r) => vault.HoldAsync(i, r, User.Name(), cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostReleaseAsync(long? id, string? reason, int? days, string? form, CancellationToken cancellationToken) =>
        ChangeAsync(id, reason, days, form, "released", (i, r) => vault.ReleaseAsync(i, r, User.Name(), cancellationToken), cancellationToken);

    /// <summary>
    /// A hold or release from a row's form (<paramref name="form"/> is <c>row</c>: errors go under that row's reason) or
    /// from the form that holds any item by its id.
    /// </summary>
    private async Task<IActionResult> ChangeAsync(
        long? id, string? reason, int? days, string? form, string done, Func<long, string, Task<EvidenceItem>> change, CancellationToken cancellationToken)
    {
        Days = days is >= 0 and <= MaxDays ? days.Value : DefaultDays;
        var byId = form != "row";
        var reasonField = byId ? "hold-reason" : $"reason-{id}";
        (HoldId, HoldReason) = byId ? (Request.Form["id"].ToString(), reason) : (null, null);
        if (id is not { } itemId)
        {
            Errors.Add("hold-id", "Give the item's number (the vault's id, as the case's evidence list shows it).");
        }
        else if (string.IsNullOrWhiteSpace(reason))
        {
            Errors.Add(reasonField, "Say why: the reason is kept in the audit log.");
        }
        else
        {
            try
            {
                await change(itemId, reason.Trim());
                return Redirect($"{AdminPaths.Evidence}?days={Days}&done={done}&item={itemId}");
            }
            catch (BankStoreException e) when (e.Error == BankStoreError.NotFound)
            {
                Errors.Add(byId ? "hold-id" : reasonField, e.Message);
            }
            catch (BankStoreException e) when (e.Error is BankStoreError.Conflict or BankStoreError.Invalid)
            {
                Errors.Add(reasonField, e.Message);
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(cancellationToken);
        if (!byId && id is { } shown && Items.All(i => i.Id != shown) && await store.GetAsync(shown, cancellationToken) is { } item)
        {
            // The row the form came from is shown with its error even if it has left the list meanwhile.
            Items = [item, .. Items];
        }

        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Items = await store.ListHeldOrDueAsync(Now.AddDays(Days), Limit, cancellationToken);
}
