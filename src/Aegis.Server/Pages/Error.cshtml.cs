using Aegis.Server.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aegis.Server.Pages;

/// <summary>The page a console request that failed shows (403, 404, 400…), with its status kept.</summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
internal sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "Something went wrong";

    public string Detail { get; private set; } = "";

    public IActionResult OnGet(int code) => Show(code);

    public IActionResult OnPost(int code) => Show(code);

    private PageResult Show(int code)
    {
        // A reason a page gave for its refusal (HttpContext.Items) is said; otherwise the status in words.
        var reason = HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is null ? null : HttpContext.Items[ConsoleRefusal.ItemKey] as string;
        (Title, Detail) = code switch
        {
            403 => ("Not allowed", reason ?? "Your role does not allow this page, or the case is outside your queues or claimed by someone else."),
            404 => ("Not found", reason ?? "There is nothing at this address."),
            400 => ("Bad request", reason ?? "The request was not valid; go back and try again."),
            _ => ("Something went wrong", reason ?? "The request could not be completed."),
        };
        Response.StatusCode = code is >= 400 and < 600 ? code : 500;
        return Page();
    }
}
