using Aegis.Core.Cases;
using Aegis.Server.Web;
using Aegis.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aegis.Server.Pages;

/// <summary>The review queue (placeholder until the queue's rules land: open cases, highest priority first).</summary>
[Authorize(Policy = ConsoleAuth.Reviewers)]
internal sealed class QueueModel(CaseStore cases) : PageModel
{
    public IReadOnlyList<CaseSummary> Cases { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken) => Cases = await cases.ListAsync(CaseState.Open, 100, cancellationToken);
}
