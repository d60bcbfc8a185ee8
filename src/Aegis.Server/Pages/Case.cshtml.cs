using Aegis.Core.Content;
using Aegis.Core.Evidence;
using Aegis.Core.Signals;
using Aegis.Server.Cases;
using Aegis.Server.Evidence;
using Aegis.Server.Gate;
using Aegis.Server.Web;
using Aegis.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aegis.Server.Pages;

/// <summary>
/// A case's page: its media (blurred, grey previews from the vault; a video as a blurred strip of frames; a reveal is a
/// deliberate, audited, few-seconds act), its dossier beside them, where it stands in one sentence, and the claim and
/// decision buttons. Who may open it is decided as it is read (<see cref="Core.Cases.QueueAccess"/>): a case outside the reader's
/// queues, or held by another reviewer, is refused with the reason, whatever the address typed. Opening it does not
/// claim it. A signal's case also shows its conversations (its own, then its ring's), read after the dossier's audited
/// view. The actions are in <c>Case.Actions.cs</c>.
/// </summary>
[Authorize(Policy = ConsoleAuth.Reviewers)]
internal sealed partial class CaseModel(
    ConsoleCases consoleCases, CaseStore cases, CaseService service, EvidenceVault vault, EvidenceStore evidence, EvidencePreviews previews,
    RevealTokens reveals, ReviewerViewing viewing, AuditLog audit, SignalStore signals) : PageModel
{
    /// <summary>The most kept messages shown per conversation (the latest).</summary>
    public const int MaxMessages = 200;

    public CaseSight Sight { get; private set; } = null!;

    public CaseDossier Dossier { get; private set; } = null!;

    public Viewing Viewing { get; private set; } = null!;

    public int RevealsToday { get; private set; }

    /// <summary>The strips of the case's videos, drawn for their frame times (and kept by the preview cache for the image that follows).</summary>
    public IReadOnlyDictionary<long, EvidencePreview> Strips { get; private set; } = new Dictionary<long, EvidencePreview>();

    /// <summary>Why an item has no preview (a video that cannot be drawn, ffmpeg missing…).</summary>
    public IReadOnlyDictionary<long, string> Unavailable { get; private set; } = new Dictionary<long, string>();

    /// <summary>The case's conversations (a message signal's case): its own first, then its ring's; empty for any other case.</summary>
    public IReadOnlyList<ConversationView> Conversations { get; private set; } = [];

    /// <summary>Items revealed by this response (a reveal posted without script): their one-use links.</summary>
    public Dictionary<long, string> Revealed { get; } = [];

    /// <summary>A refusal of the last action, said on the page.</summary>
    public string? Error { get; private set; }

    /// <summary>The reason typed with a refused decision, given back.</summary>
    public string? ReasonText { get; private set; }

    /// <summary>The classification chosen with a refused decision, given back.</summary>
    public string? ClassificationChoice { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken) =>
        await OpenAsync(id, cancellationToken) is { } refused ? refused : await ShowAsync(cancellationToken);

    /// <summary>True for an item shown as a video (a strip, then playback after a reveal).</summary>
    public static bool IsVideo(DossierEvidence item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.MediaType?.StartsWith("video/", StringComparison.OrdinalIgnoreCase) ?? item.Kind == MediaKind.Video;
    }

    /// <summary>The case's own conversation (its item's) first, then the ring's in the order they were raised.</summary>
    private static IReadOnlyList<ConversationView> OwnFirst(IReadOnlyList<ConversationView> conversations, string contentId) =>
        [.. conversations.OrderBy(c => SignalRules.ContentId(c.ConversationId) == contentId ? 0 : 1)];

    /// <summary>Reads the case as the user may see it now; a refusal (404, 403 with the reason) when they may not open it.</summary>
    private async Task<IActionResult?> OpenAsync(long id, CancellationToken cancellationToken)
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

        Sight = sight;
        return null;
    }

    /// <summary>
    /// The page, with the dossier read now (audited as a view of the case's evidence) and then, under that audit, the
    /// case's conversations.
    /// </summary>
    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        var me = Sight.Me;
        var dossier = await cases.DossierAsync(Sight.Case.Id, me.Name, cancellationToken);
        if (dossier is null)
        {
            return ConsoleRefusal.NotFound(HttpContext, $"There is no case {Sight.Case.Id}.");
        }

        Dossier = dossier;
        Conversations = OwnFirst(await signals.ConversationsOfCaseAsync(Sight.Case.Id, MaxMessages, cancellationToken), dossier.Item.ContentId);
        Viewing = viewing.For(me);
        RevealsToday = await audit.TodayAsync(me.Name, Sight.Now, cancellationToken);
        var strips = new Dictionary<long, EvidencePreview>();
        var unavailable = new Dictionary<long, string>();
        foreach (var item in dossier.Evidence.Where(e => e.State == EvidenceState.Preserved && IsVideo(e)))
        {
            try
            {
                strips[item.Id] = await previews.PreviewAsync(item.Id, Viewing.Preview, me.Name, EvidencePreviews.PreviewPurpose, cancellationToken);
            }
            catch (GateException e)
            {
                unavailable[item.Id] = e.Message;
            }
            catch (Hashing.Memory.DecodeBudgetException)
            {
                unavailable[item.Id] = "The server is busy drawing other previews; reload the page in a moment.";
            }
            catch (Aegis.CyberTip.Evidence.EvidenceIntegrityException)
            {
                unavailable[item.Id] = $"Evidence {item.Id} failed its integrity check (audited): it is not shown.";
            }
        }

        (Strips, Unavailable) = (strips, unavailable);
        return Page();
    }
}
