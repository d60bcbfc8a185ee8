using Aegis.Core.Cases;
using Aegis.Server.Cases;
using Aegis.Server.Web;
using Aegis.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aegis.Server.Pages;

/// <summary>
/// The review queue as the signed-in reviewer may see it now (their role and queues as stored, judged case by case as
/// read): by priority then age, with why each case is there, its SLA, reports, exposure and claim; filters by queue and
/// reason; "next case" claims the top case they may act on and opens it.
/// </summary>
[Authorize(Policy = ConsoleAuth.Reviewers)]
internal sealed class QueueModel(CaseStore cases, CaseService service, UserStore users, AuditLog audit, ReviewerViewing viewing, TimeProvider time) : PageModel
{
    /// <summary>Cases a page lists.</summary>
    public const int PageSize = 50;

    /// <summary>The queue filter (a wire name), if any.</summary>
    [BindProperty(SupportsGet = true, Name = "queue")]
    public string? QueueFilter { get; set; }

    /// <summary>The reason filter (a wire name), if any.</summary>
    [BindProperty(SupportsGet = true, Name = "reason")]
    public string? ReasonFilter { get; set; }

    /// <summary>Where the page starts.</summary>
    [BindProperty(SupportsGet = true, Name = "offset")]
    public int Offset { get; set; }

    public User Me { get; private set; } = null!;

    public QueuePage Listing { get; private set; } = new(0, 0, []);

    public IReadOnlySet<ReviewQueue> MyQueues { get; private set; } = new HashSet<ReviewQueue>();

    public DateTimeOffset Now { get; private set; }

    public int RevealsToday { get; private set; }

    public Viewing Viewing { get; private set; } = null!;

    public string? Message { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Forbid();
        }

        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    /// <summary>Claims the top case the reviewer may act on (with the filters) and opens it.</summary>
    public async Task<IActionResult> OnPostNextAsync(CancellationToken cancellationToken)
    {
        if (!await LoadMeAsync(cancellationToken))
        {
            return Forbid();
        }

        var (queue, reason) = Filters();
        if (Error is null)
        {
            var next = await cases.ClaimNextAsync(Me.ToReader(), queue, reason, cancellationToken);
            if (next is not null)
            {
                return Redirect(ConsolePaths.Case(next.Id));
            }

            Message = queue is null && reason is null
                ? "There is no case left for you to claim in your queues."
                : "There is no case left for you to claim with these filters.";
        }

        return await ShowAsync(cancellationToken);
    }

    /// <summary>Gives a case the reviewer holds back to the queue.</summary>
    public async Task<IActionResult> OnPostReleaseAsync(long caseId, CancellationToken cancellationToken)
    {
        if (!await LoadMeAsync(cancellationToken))
        {
            return Forbid();
        }

        try
        {
            await service.ReleaseAsync(caseId, Me.Name, cancellationToken);
        }
        catch (BankStoreException e) when (e.Error is BankStoreError.Conflict or BankStoreError.NotFound)
        {
            Error = e.Message;
            Response.StatusCode = e.Error == BankStoreError.NotFound ? StatusCodes.Status404NotFound : StatusCodes.Status409Conflict;
            return await ShowAsync(cancellationToken);
        }

        return Redirect(Url.Page("/Queue", new { queue = QueueFilter, reason = ReasonFilter }) ?? ConsolePaths.Queue);
    }

    /// <summary>The link to this page with the filters and another offset.</summary>
    public string? PageLink(int offset) => Url.Page("/Queue", new { queue = QueueFilter, reason = ReasonFilter, offset = offset > 0 ? offset : (int?)null });

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        var error = Error;
        await LoadAsync(cancellationToken);
        Error = error ?? Error;
        return Page();
    }

    private async Task<bool> LoadMeAsync(CancellationToken cancellationToken)
    {
        var me = await users.FindAsync(User.Name(), cancellationToken);
        if (me is null)
        {
            return false;
        }

        Me = me;
        return true;
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        if (!await LoadMeAsync(cancellationToken))
        {
            return false;
        }

        Now = time.GetUtcNow();
        Viewing = viewing.For(Me);
        var reader = Me.ToReader();
        MyQueues = reader.Allowed;
        Offset = Math.Max(0, Offset);
        var (queue, reason) = Filters();
        Listing = await cases.QueueAsync(reader, new QueueQuery(queue, reason, PageSize, Offset), cancellationToken);
        RevealsToday = await audit.TodayAsync(Me.Name, Now, cancellationToken);
        return true;
    }

    /// <summary>The filters as given; one that names no queue or reason is said (and not applied).</summary>
    private (ReviewQueue? Queue, ReviewReason? Reason) Filters()
    {
        var queue = ReviewQueues.Parse(QueueFilter);
        var reason = ReviewReasons.Parse(ReasonFilter);
        if (!string.IsNullOrWhiteSpace(QueueFilter) && queue is null)
        {
            Error = $"queue: '{QueueFilter}' is not a queue; the queues are {ReviewQueues.Names}.";
        }
        else if (!string.IsNullOrWhiteSpace(ReasonFilter) && reason is null)
        {
            Error = $"reason: '{ReasonFilter}' is not a reason; the reasons are {ReviewReasons.Names}.";
        }

        return (queue, reason);
    }
}
