using Aegis.Core.Input;
using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using Aegis.Server.Api;
using Aegis.Server.Hosting;
using Aegis.Server.Web;
using Aegis.Storage;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aegis.Server.Pages;

/// <summary>
/// A hash list uploaded into a bank, and its import. The form posts the file; with the page's script the answer comes
/// as soon as the file is in (202 and the job's id) and the script polls <c>?handler=Progress</c>; without script the
/// answer waits for the import and leads to its result (<c>?job=</c>): added, duplicates, bad lines with their numbers.
/// The import is the API's (<see cref="ImportJobs"/>), audited as <c>bank.imported</c> with the signed-in user.
/// </summary>
/// <remarks>
/// The framework's antiforgery check is off for this page because it would read the whole form (the file) first; the
/// post checks the token itself before reading the file (<see cref="ListUpload"/>), and the page's gets change nothing.
/// </remarks>
[Authorize(Policy = ConsoleAuth.Curators)]
[IgnoreAntiforgeryToken]
internal sealed class BankImportModel(BankStore banks, ImportJobs jobs, ConsoleImports imports, IAntiforgery antiforgery, ServerOptions options) : PageModel
{
    public string Bank { get; private set; } = "";

    public ImportJob? Job { get; private set; }

    public FormErrors Errors { get; } = new();

    public IReadOnlyDictionary<string, string>? Fields { get; private set; }

    public long MaxUploadBytes => options.MaxRequestBytes;

    public async Task<IActionResult> OnGetAsync(string name, string? job, CancellationToken cancellationToken)
    {
        if (await banks.GetBankAsync(name, cancellationToken) is null)
        {
            return ConsoleRefusal.NotFound(HttpContext, $"There is no bank named '{name}'.");
        }

        Bank = name;
        if (job is not null)
        {
            Job = jobs.Find(job) is { } found && found.Bank == name
                ? found
                : null;
            if (Job is null)
            {
                return ConsoleRefusal.NotFound(HttpContext, NoJob(job));
            }
        }

        return Page();
    }

    /// <summary>The job's progress as JSON, for the page's script.</summary>
    public IActionResult OnGetProgress(string name, string? job)
    {
        if (job is null || jobs.Find(job) is not { } found || found.Bank != name)
        {
            return new JsonResult(new { error = NoJob(job ?? "") }) { StatusCode = StatusCodes.Status404NotFound };
        }

        var done = found.State != "running";
        return new JsonResult(new
        {
            state = found.State,
            format = found.Format,
            read = found.Read,
            added = found.Added,
            merged = found.Merged,
            badLines = found.BadLines,
            errors = done ? found.Errors.ToArray() : [],
            detail = found.Detail,
            fraction = done ? 1 : imports.FractionRead(found.Id) ?? 0,
            result = ResultPath(name, found.Id),
        });
    }

    /// <summary>
    /// Receives the file (the token checked first), checks the fields, and starts the import. No handler parameters and no
    /// bound properties: binding would read the whole form before the token is checked.
    /// </summary>
    public async Task<IActionResult> OnPostAsync()
    {
        var cancellationToken = HttpContext.RequestAborted;
        Bank = RouteData.Values["name"] as string ?? "";
        if (await banks.GetBankAsync(Bank, cancellationToken) is null)
        {
            return ConsoleRefusal.NotFound(HttpContext, $"There is no bank named '{Bank}'.");
        }

        ListUpload upload;
        try
        {
            upload = await ListUpload.ReceiveAsync(HttpContext, antiforgery, options.MaxRequestBytes, cancellationToken);
        }
        catch (ListUploadException e)
        {
            Errors.Add(e.Field == ListUpload.FileField ? "import-file" : e.Field, e.Message);
            return Refused(e.Status);
        }

        await using (upload)
        {
            Fields = upload.Fields;
            HashListFormat? format = upload.Field("format") switch
            {
                null => null,
                "threatexchange" => HashListFormat.ThreatExchange,
                "csv" => HashListFormat.Csv,
                "jsonlines" => HashListFormat.JsonLines,
                var other => Invalid<HashListFormat>("import-format", $"The format is threatexchange, csv or jsonlines (or empty to detect it); got '{ConsoleFormat.Cut(other, 40)}'."),
            };
            SignalType? type = upload.Field("type") switch
            {
                null => null,
                "pdq" => SignalType.Pdq,
                "sha256" => SignalType.Sha256,
                var other => Invalid<SignalType>("import-type", $"The type of bare 64-hex hashes is pdq or sha256 (or empty); got '{ConsoleFormat.Cut(other, 40)}'."),
            };
            var list = upload.Field("list");
            Errors.Add("import-list", Identifier.ValidateOptional("The list name", list));
            if (list is null && Identifier.Validate("list", upload.FileName) is null)
            {
                list = upload.FileName;
            }

            if (Errors.Any)
            {
                return Refused(StatusCodes.Status400BadRequest);
            }

            var job = imports.Start(Bank, upload.Take(), upload.FileName, format, type, list, User.Name());
            if (WantsJson)
            {
                return new JsonResult(new { job = job.Id, progress = ProgressPath(Bank, job.Id), result = ResultPath(Bank, job.Id) })
                {
                    StatusCode = StatusCodes.Status202Accepted,
                };
            }

            // Without script the answer waits for the import (it goes on if the browser gives up), then shows its result.
            await imports.WhenDoneAsync(job.Id).WaitAsync(cancellationToken);
            return Redirect(ResultPath(Bank, job.Id));
        }
    }

    public static string ResultPath(string bank, string job) => $"{AdminPaths.BankImport(bank)}?job={job}";

    public static string ProgressPath(string bank, string job) => $"{AdminPaths.BankImport(bank)}?handler=Progress&job={job}";

    private static string NoJob(string job) =>
        $"There is no import '{ConsoleFormat.Cut(job, 40)}' of this bank on this server (a server keeps its last 100 imports until it restarts).";

    /// <summary>The page's script asks for JSON; a plain form post does not.</summary>
    private bool WantsJson => Request.Headers.Accept.Any(a => a?.Contains("application/json", StringComparison.OrdinalIgnoreCase) == true);

    private T? Invalid<T>(string field, string message)
        where T : struct
    {
        Errors.Add(field, message);
        return null;
    }

    private IActionResult Refused(int status)
    {
        if (WantsJson)
        {
            return new JsonResult(new { errors = Errors.All }) { StatusCode = status };
        }

        Response.StatusCode = status;
        return Page();
    }
}

/// <summary>What the upload form shows: the bank, the size limit, and (after a refusal) the errors and what was entered.</summary>
internal sealed record ImportFormView(string Bank, long MaxBytes, FormErrors? Errors, IReadOnlyDictionary<string, string>? Fields);
