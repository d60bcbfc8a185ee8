using System.Globalization;
using Aegis.Core.Input;
using Aegis.Matching.Banks;
using Aegis.Matching.Video;
using Aegis.Server.Cases;
using Aegis.Server.Hosting;
using Aegis.Server.Matching;
using Aegis.Server.Web;
using Aegis.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Aegis.Server.Pages;

/// <summary>
/// One bank (curators and admins): its settings, enabling and disabling it, its entries a page at a time (each can be
/// disabled), and the form that uploads a hash list into it (<see cref="BankImportModel"/>). Every change is audited
/// with the signed-in user as the actor and applied to this node's matcher before the answer, as the API's are.
/// </summary>
[Authorize(Policy = ConsoleAuth.Curators)]
internal sealed class BankModel(BankStore banks, MatcherHost host, AuditSealer sealer, ServerOptions options) : PageModel
{
    /// <summary>Entries shown a page.</summary>
    public const int PageSize = 50;

    public BankSummary Summary { get; private set; } = null!;

    public Bank Bank => Summary.Bank;

    public DateTimeOffset? LastChange { get; private set; }

    public IReadOnlyList<BankEntry> Entries { get; private set; } = [];

    /// <summary>The id the page of entries starts after (0: the first page).</summary>
    public long After { get; private set; }

    /// <summary>Where the next page starts, when there may be one.</summary>
    public long? NextAfter { get; private set; }

    public SettingsForm Settings { get; private set; } = new();

    public FormErrors Errors { get; } = new();

    /// <summary>What the last change did, said once after it (post, redirect, get).</summary>
    public string? Done { get; private set; }

    /// <summary>The largest upload the server accepts.</summary>
    public long MaxUploadBytes => options.MaxRequestBytes;

    public async Task<IActionResult> OnGetAsync(string name, long after, string? done, long? entry, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(name, after, cancellationToken))
        {
            return ConsoleRefusal.NotFound(HttpContext, $"There is no bank named '{name}'.");
        }

        Settings = SettingsForm.From(Bank);
        Done = done switch
        {
            "settings" => "Settings saved.",
            "enabled" => "The bank is enabled: uploads are matched against it again.",
            "disabled" => "The bank is disabled: it is kept, and matches nothing until enabled.",
            "entry-enabled" => $"Entry {entry} is enabled.",
            "entry-disabled" => $"Entry {entry} is disabled: it matches nothing until enabled.",
            _ => null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostSettingsAsync(string name, SettingsForm settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!await LoadAsync(name, 0, cancellationToken))
        {
            return ConsoleRefusal.NotFound(HttpContext, $"There is no bank named '{name}'.");
        }

        Settings = settings;
        var update = settings.ToUpdate(Errors);
        if (update is not null)
        {
            try
            {
                await banks.UpdateBankAsync(name, update, User.Name(), cancellationToken);
                return await ChangedAsync(name, "settings", cancellationToken);
            }
            catch (BankStoreException e) when (e.Error == BankStoreError.Invalid)
            {
                Errors.Add("settings", e.Message);
            }
        }

        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public Task<IActionResult> OnPostEnableAsync(string name, CancellationToken cancellationToken) => SetEnabledAsync(name, true, cancellationToken);

    public Task<IActionResult> OnPostDisableAsync(string name, CancellationToken cancellationToken) => SetEnabledAsync(name, false, cancellationToken);

    public async Task<IActionResult> OnPostEntryAsync(string name, long id, bool enabled, CancellationToken cancellationToken)
    {
        if (await banks.GetEntryAsync(id, cancellationToken) is not { } entry || entry.Bank != name)
        {
            return ConsoleRefusal.NotFound(HttpContext, $"Bank '{name}' has no entry {id}.");
        }

        await banks.SetEntryEnabledAsync(id, enabled, User.Name(), cancellationToken);
        return await ChangedAsync(name, enabled ? "entry-enabled" : "entry-disabled", cancellationToken, $"&entry={id}");
    }

    private async Task<IActionResult> SetEnabledAsync(string name, bool enabled, CancellationToken cancellationToken)
    {
        try
        {
            await banks.SetBankEnabledAsync(name, enabled, User.Name(), cancellationToken);
        }
        catch (BankStoreException e) when (e.Error == BankStoreError.NotFound)
        {
            return ConsoleRefusal.NotFound(HttpContext, e.Message);
        }

        return await ChangedAsync(name, enabled ? "enabled" : "disabled", cancellationToken);
    }

    /// <summary>After a change: this node matches by it before the answer (as the API's changes do), and the audit entry is sealed.</summary>
    private async Task<IActionResult> ChangedAsync(string name, string done, CancellationToken cancellationToken, string extra = "")
    {
        sealer.Wake();
        await host.CatchUpNowAsync(cancellationToken);
        return Redirect($"{AdminPaths.Bank(name)}?done={done}{extra}");
    }

    private async Task<bool> LoadAsync(string name, long after, CancellationToken cancellationToken)
    {
        if ((await banks.ListBanksAsync(cancellationToken)).FirstOrDefault(s => s.Bank.Name == name) is not { } summary)
        {
            return false;
        }

        Summary = summary;
        After = Math.Max(0, after);
        LastChange = (await banks.LastChangesAsync(cancellationToken)).TryGetValue(name, out var at) ? at : null;
        Entries = await banks.ListEntriesAsync(name, After, PageSize, cancellationToken);
        NextAfter = Entries.Count == PageSize ? Entries[^1].Id : null;
        return true;
    }

    /// <summary>The settings form as typed (so a mistake is shown with what was entered).</summary>
    public sealed class SettingsForm
    {
        public string? Description { get; set; }

        public string? Threshold { get; set; }

        public string? Action { get; set; }

        public string? Kind { get; set; }

        public string? VideoQuery { get; set; }

        public string? VideoContainment { get; set; }

        public string? VideoSegment { get; set; }

        public static SettingsForm From(Bank bank) => new()
        {
            Description = bank.Description,
            Threshold = Text(bank.PdqThreshold),
            Action = bank.Action.ToString().ToLowerInvariant(),
            Kind = bank.Kind.ToString().ToLowerInvariant(),
            VideoQuery = Text(bank.Video.QueryPercent),
            VideoContainment = Text(bank.Video.ContainmentPercent),
            VideoSegment = Text(bank.Video.SegmentFrames),
        };

        /// <summary>The update, or null with each field's error added to <paramref name="errors"/>.</summary>
        public BankUpdate? ToUpdate(FormErrors errors)
        {
            ArgumentNullException.ThrowIfNull(errors);
            errors.Add("description", FreeText.Validate("The description", Description));
            int? threshold = int.TryParse(Threshold, NumberStyles.Integer, CultureInfo.InvariantCulture, out var t) ? t : null;
            errors.Add("threshold", threshold is { } th ? Bank.ValidateThreshold(th) : $"The PDQ threshold is a whole number from 0 to {Bank.MaxPdqThreshold}.");
            BankAction? action = Enum.TryParse<BankAction>(Action, ignoreCase: true, out var a) && Enum.IsDefined(a) ? a : null;
            errors.Add("action", action is null ? "Choose what a match does: block, hold or flag." : null);
            BankKind? kind = Enum.TryParse<BankKind>(Kind, ignoreCase: true, out var k) && Enum.IsDefined(k) ? k : null;
            errors.Add("kind", kind is null ? "Choose ordinary or negative." : null);
            var query = Percent(VideoQuery, "video-query", errors);
            var containment = Percent(VideoContainment, "video-containment", errors);
            int? segment = int.TryParse(VideoSegment, NumberStyles.Integer, CultureInfo.InvariantCulture, out var f) && f >= 1 ? f : null;
            errors.Add("video-segment", segment is null ? "Segment frames is a whole number, 1 or more." : null);
            if (errors.Any)
            {
                return null;
            }

            var video = VideoMatchThresholds.Default with { QueryPercent = query!.Value, ContainmentPercent = containment!.Value, SegmentFrames = segment!.Value };
            return new BankUpdate(threshold, action, kind, Enabled: null, Description ?? "", video);
        }

        private static double? Percent(string? text, string field, FormErrors errors)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && value >= 0)
            {
                return value;
            }

            errors.Add(field, "A percentage is a number, 0 or more (above 100 turns the rule off).");
            return null;
        }

        private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
    }
}
