using Aegis.Core.Cases;
using Aegis.Core.Evidence;
using Aegis.Server.Web;
using Aegis.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Aegis.Server.Pages;

/// <summary>The case page's actions: claim, release, decide, decide an appeal, reveal. Each judges the case as it stands first.</summary>
internal sealed partial class CaseModel
{
    public async Task<IActionResult> OnPostClaimAsync(long id, CancellationToken cancellationToken) =>
        await ActAsync(id, () => service.ClaimAsync(id, Sight.Me.Name, cancellationToken), cancellationToken);

    /// <summary>Gives the case back and goes to the queue.</summary>
    public async Task<IActionResult> OnPostReleaseAsync(long id, CancellationToken cancellationToken)
    {
        var result = await ActAsync(id, () => service.ReleaseAsync(id, Sight.Me.Name, cancellationToken), cancellationToken);
        return result is RedirectResult ? Redirect(ConsolePaths.Queue) : result;
    }

    /// <summary>A decision: confirm (CSAM with NCMEC's classification, or another violation), dismiss or escalate, with a reason.</summary>
    public async Task<IActionResult> OnPostDecideAsync(long id, string? kind, string? classification, string? reason, CancellationToken cancellationToken)
    {
        (ReasonText, ClassificationChoice) = (reason, classification);
        DecisionKind? decided = kind switch
        {
            "confirm-csam" => DecisionKind.ConfirmCsam,
            "confirm-violation" => DecisionKind.ConfirmViolation,
            "dismiss" => DecisionKind.Dismiss,
            "escalate" => DecisionKind.Escalate,
            _ => null,
        };
        NcmecClassification? category = Enum.TryParse<NcmecClassification>(classification, ignoreCase: true, out var c) && Enum.IsDefined(c) ? c : null;
        var invalid = decided is null ? "kind: choose confirm-csam, confirm-violation, dismiss or escalate."
            : !string.IsNullOrEmpty(classification) && category is null ? $"classification: '{classification}' is not one of A1, A2, B1, B2."
            : null;
        return await ActAsync(
            id,
            () => invalid is null
                ? service.DecideAsync(id, new Decision(Sight.Me.Name, Sight.Role, decided!.Value, reason ?? "", decided == DecisionKind.ConfirmCsam ? category : null), cancellationToken)
                : throw new BankStoreException(BankStoreError.Invalid, invalid),
            cancellationToken);
    }

    /// <summary>An appeal's decision: uphold or overturn, with a reason.</summary>
    public async Task<IActionResult> OnPostAppealAsync(long id, string? outcome, string? reason, CancellationToken cancellationToken)
    {
        ReasonText = reason;
        bool? overturn = outcome switch { "uphold" => false, "overturn" => true, _ => null };
        return await ActAsync(
            id,
            () => overturn is { } o
                ? service.DecideAppealAsync(id, Sight.Me.Name, Sight.Role, o, reason ?? "", cancellationToken)
                : throw new BankStoreException(BankStoreError.Invalid, "outcome: choose uphold or overturn."),
            cancellationToken);
    }

    /// <summary>
    /// A reveal: audited (<c>evidence.revealed</c>) before anything unblurred can be fetched, then a one-use link that
    /// lives <c>Console:RevealSeconds</c>. Script asks for JSON and shows the media for those seconds; without script the
    /// page comes back with the unblurred media in place of the preview, for this response only.
    /// </summary>
    public async Task<IActionResult> OnPostRevealAsync(long id, long evidenceId, CancellationToken cancellationToken)
    {
        if (await OpenAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }

        var item = await vault.GetAsync(evidenceId, cancellationToken);
        if (item is null || item.CaseId != id)
        {
            return ConsoleRefusal.NotFound(HttpContext, $"Case {id} has no evidence {evidenceId}.");
        }

        if (item.State != EvidenceState.Preserved)
        {
            Error = $"Evidence {evidenceId} is not preserved yet ({item.State.ToString().ToLowerInvariant()}): there is nothing to reveal.";
            Response.StatusCode = StatusCodes.Status409Conflict;
            return await ShowAsync(cancellationToken);
        }

        await evidence.RecordRevealAsync(item, Sight.Me.Name, cancellationToken);
        vault.WakeDelivery();
        var url = ConsolePaths.Media(id, evidenceId, "reveal", reveals.Issue(id, evidenceId, Sight.Me.Name));
        var settings = viewing.For(Sight.Me);
        if (Request.Headers.Accept.ToString().Contains("application/json", StringComparison.OrdinalIgnoreCase))
        {
            var video = item.MediaType?.StartsWith("video/", StringComparison.OrdinalIgnoreCase) == true;
            return new JsonResult(new RevealAnswer(evidenceId, url, settings.RevealSeconds, video, settings.Mute));
        }

        Revealed[evidenceId] = url;
        return await ShowAsync(cancellationToken);
    }

    /// <summary>
    /// One workflow step on a case the user may act on now: then back to the page (post, redirect, get). A case they may not
    /// act on is refused with the reason (403); the workflow's refusal is said on the page (400, 409), never a 500.
    /// </summary>
    private async Task<IActionResult> ActAsync(long id, Func<Task<CaseSummary>> step, CancellationToken cancellationToken)
    {
        if (await OpenAsync(id, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (!Sight.Access.CanAct)
        {
            return ConsoleRefusal.Forbidden(HttpContext, Sight.Access.Why ?? $"You may not act on case {id}.");
        }

        try
        {
            await step();
            return Redirect(ConsolePaths.Case(id));
        }
        catch (BankStoreException e)
        {
            Error = e.Message;
            Response.StatusCode = e.Error switch
            {
                BankStoreError.NotFound => StatusCodes.Status404NotFound,
                BankStoreError.Invalid => StatusCodes.Status400BadRequest,
                _ => StatusCodes.Status409Conflict,
            };
        }

        // The case as it stands after the refusal (a refused decision gives its reviewer's claim back).
        return await OpenAsync(id, cancellationToken) ?? await ShowAsync(cancellationToken);
    }

    /// <summary>What a reveal asked for by script gets: the one-use link, how long to show it, and how.</summary>
    /// <param name="EvidenceId">The item.</param>
    /// <param name="Url">Its unblurred media, once, for <paramref name="Seconds"/>.</param>
    /// <param name="Seconds">How long to show it before blurring again.</param>
    /// <param name="Video">The original video's bytes (to play), not an image.</param>
    /// <param name="Muted">Play it muted.</param>
    internal sealed record RevealAnswer(long EvidenceId, string Url, int Seconds, bool Video, bool Muted);
}
