using Aegis.CyberTip.Evidence;
using Aegis.Hashing.Memory;
using Aegis.Server.Evidence;
using Aegis.Server.Gate;
using Aegis.Server.Web;
using Aegis.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aegis.Server.Pages;

/// <summary>
/// A case's evidence as the case page shows it, only to a signed-in reader of that case (judged as read, as the page is),
/// never kept by the browser (the console's <c>Cache-Control: no-store</c>): <c>view=preview</c> (or <c>strip</c>) the
/// blurred preview or strip, drawn as the reader's settings say and audited by the vault as a <c>preview</c> read;
/// <c>view=reveal</c> the unblurred image (or a video's original bytes) against a reveal's one-use link, audited as a
/// <c>reveal</c> read after the reveal itself was.
/// </summary>
[Authorize(Policy = ConsoleAuth.Reviewers)]
internal sealed class CaseMediaModel(
    ConsoleCases consoleCases, EvidenceVault vault, EvidencePreviews previews, RevealTokens reveals, ReviewerViewing viewing) : PageModel
{
    public async Task<IActionResult> OnGetAsync(long id, long evidenceId, string? view, string? token, CancellationToken cancellationToken)
    {
        var sight = await consoleCases.SeeAsync(User.Name(), id, cancellationToken);
        if (sight is null)
        {
            return ConsoleRefusal.NotFound(HttpContext, $"There is no case {id}.");
        }

        if (sight.WhyNotOpen is { } why)
        {
            return ConsoleRefusal.Forbidden(HttpContext, why);
        }

        var item = await vault.GetAsync(evidenceId, cancellationToken);
        if (item is null || item.CaseId != id)
        {
            return ConsoleRefusal.NotFound(HttpContext, $"Case {id} has no evidence {evidenceId}.");
        }

        var me = sight.Me.Name;
        var settings = viewing.For(sight.Me);
        try
        {
            switch (view ?? "preview")
            {
                case "preview" or "strip":
                    var preview = await previews.PreviewAsync(evidenceId, settings.Preview, me, EvidencePreviews.PreviewPurpose, cancellationToken);
                    return File(preview.Jpeg.ToArray(), EvidencePreview.MediaType);
                case "reveal":
                    if (reveals.Redeem(token, id, evidenceId, me) is { } refused)
                    {
                        return ConsoleRefusal.Forbidden(HttpContext, refused);
                    }

                    if (item.MediaType?.StartsWith("video/", StringComparison.OrdinalIgnoreCase) == true)
                    {
                        await SendOriginalAsync(evidenceId, me, cancellationToken);
                        return new EmptyResult();
                    }

                    var frame = await previews.FrameAsync(evidenceId, TimeSpan.Zero, settings.Revealed, me, EvidencePreviews.RevealPurpose, cancellationToken);
                    return File(frame.Jpeg.ToArray(), EvidencePreview.MediaType);
                default:
                    return ConsoleRefusal.Status(HttpContext, StatusCodes.Status400BadRequest, $"view: '{view}' is not preview, strip or reveal.");
            }
        }
        catch (GateException e)
        {
            return ConsoleRefusal.Status(HttpContext, e.Status, e.Message);
        }
        catch (BankStoreException e)
        {
            return ConsoleRefusal.Status(HttpContext, e.Error == BankStoreError.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict, e.Message);
        }
        catch (EvidenceIntegrityException)
        {
            return ConsoleRefusal.Status(HttpContext, StatusCodes.Status409Conflict, $"Evidence {evidenceId} failed its integrity check (audited): it is not shown.");
        }
        catch (EvidenceKeyException e)
        {
            return ConsoleRefusal.Status(HttpContext, StatusCodes.Status503ServiceUnavailable, e.Message);
        }
        catch (DecodeBudgetException)
        {
            return ConsoleRefusal.Status(HttpContext, StatusCodes.Status503ServiceUnavailable, "The server is busy drawing other previews; try again in a moment.");
        }
    }

    /// <summary>A video's original bytes for playback after a reveal: one whole response (no ranges), the buffer zeroed after.</summary>
    private async Task SendOriginalAsync(long evidenceId, string me, CancellationToken cancellationToken)
    {
        using var content = await previews.OriginalAsync(evidenceId, me, EvidencePreviews.RevealPurpose, cancellationToken);
        Response.ContentType = content.Item.MediaType ?? "application/octet-stream";
        Response.ContentLength = content.Bytes.Length;
        await Response.Body.WriteAsync(content.Bytes, cancellationToken);
    }
}
