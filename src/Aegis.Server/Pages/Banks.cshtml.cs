using Aegis.Server.Web;
using Aegis.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aegis.Server.Pages;

/// <summary>Every bank with its entry counts, state and last change (curators and admins).</summary>
[Authorize(Policy = ConsoleAuth.Curators)]
internal sealed class BanksModel(BankStore banks) : PageModel
{
    public IReadOnlyList<BankSummary> Banks { get; private set; } = [];

    public IReadOnlyDictionary<string, DateTimeOffset> LastChanges { get; private set; } = new Dictionary<string, DateTimeOffset>();

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Banks = await banks.ListBanksAsync(cancellationToken);
        LastChanges = await banks.LastChangesAsync(cancellationToken);
    }
}
