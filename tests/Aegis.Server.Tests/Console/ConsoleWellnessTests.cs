using System.Net;
using Aegis.Core.Reports;
using Aegis.Core.Users;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.Extensions.DependencyInjection;
using SkiaSharp;

namespace Aegis.Server.Tests.Console;

/// <summary>
/// Wellness on the account page, on SQLite and PostgreSQL: a reviewer's own blur, grayscale, mute and break reminder are
/// laid over the organisation's defaults and used for their previews, reveals and pages (and only theirs); a blur
/// lighter than the organisation's floor, or any value out of range, is refused next to its field and nothing is kept;
/// the page counts their reveals today.
/// </summary>
public abstract class ConsoleWellnessTests
{
    private static readonly byte[] Bridge = File.ReadAllBytes(Support.Api.Image("bridge.jpg"));

    protected abstract Task<TestDatabase> DatabaseAsync();

    [Fact]
    public async Task A_reviewers_own_settings_apply_to_their_previews_reveals_and_break_and_not_to_anyone_elses()
    {
        await using var database = await DatabaseAsync();
        await using var desk = await ReviewDesk.StartAsync(database, o => (o.Console.Grayscale, o.Console.Mute, o.Console.BreakMinutes) = (true, true, 50));
        var id = await desk.ReportAsync("w-csam-1", ReportCategory.ChildSexualExploitation);
        var media = await desk.EvidenceAsync(id, "w-csam-1", Bridge, "image/jpeg");
        var rita = await desk.SignInAsync("rita", ApiKeyRole.Reviewer);
        var sam = await desk.SignInAsync("sam", ApiKeyRole.SeniorReviewer);
        Assert.True(Colourful(await PreviewAsync(rita, id, media)) == 0, "the organisation's previews are grey");

        using (var saved = await rita.SubmitAsync("/console/account", Fields("12", "off", "off", "20"), "/console/account?handler=Viewing"))
        {
            var html = await saved.HtmlAsync(HttpStatusCode.OK);
            Assert.Contains("Saved", ReviewDesk.Text(html), StringComparison.Ordinal);
            Assert.Equal("12", ConsolePages.InputValue(html, "blur"));
        }

        Assert.Equal(new ViewingPreferences(12, false, false, 20), (await desk.Server.Services.GetRequiredService<UserStore>().FindAsync("rita"))!.Viewing);
        Assert.True(Colourful(await PreviewAsync(rita, id, media)) > 0, "rita's previews are in colour now");
        Assert.True(Colourful(await PreviewAsync(sam, id, media)) == 0, "sam's stay grey");
        Assert.Contains("data-break-minutes=\"20\"", await ReviewDesk.HtmlAsync(rita, $"/console/cases/{id}"), StringComparison.Ordinal);
        Assert.Contains("data-break-minutes=\"50\"", await ReviewDesk.HtmlAsync(sam, "/console/queue"), StringComparison.Ordinal);
        Assert.False((bool)(await ReviewDesk.RevealAsync(rita, id, media))["muted"]!);
        Assert.True((bool)(await ReviewDesk.RevealAsync(sam, id, media))["muted"]!);

        // Back to the organisation's defaults: empty fields and "default".
        using (var reset = await rita.SubmitAsync("/console/account", Fields("", "default", "default", ""), "/console/account?handler=Viewing"))
        {
            await reset.HtmlAsync(HttpStatusCode.OK);
        }

        Assert.Equal(ViewingPreferences.None, (await desk.Server.Services.GetRequiredService<UserStore>().FindAsync("rita"))!.Viewing);
        Assert.True(Colourful(await PreviewAsync(rita, id, media)) == 0, "rita's previews are grey again");
    }

    [Theory]
    [InlineData("2", "off", "default", "", "blur", "never shown unblurred")]
    [InlineData("0", "default", "default", "", "blur", "never shown unblurred")]
    [InlineData("NaN", "default", "default", "", "blur", "The blur is a number")]
    [InlineData("soft", "default", "default", "", "blur", "The blur is a number")]
    [InlineData("", "maybe", "default", "", "grayscale", "default, on or off")]
    [InlineData("", "default", "loud", "", "mute", "default, on or off")]
    [InlineData("", "default", "default", "1", "breakMinutes", "5 to 480")]
    [InlineData("", "default", "default", "2.5", "breakMinutes", "whole number")]
    public async Task A_setting_out_of_range_is_refused_next_to_its_field_and_nothing_is_kept(string blur, string grayscale, string mute, string breakMinutes, string field, string message)
    {
        await using var database = await DatabaseAsync();
        await using var desk = await ReviewDesk.StartAsync(database);
        var rita = await desk.SignInAsync("rita", ApiKeyRole.Reviewer);

        using var refused = await rita.SubmitAsync("/console/account", Fields(blur, grayscale, mute, breakMinutes), "/console/account?handler=Viewing");
        var html = await refused.HtmlAsync(HttpStatusCode.BadRequest);

        Assert.Contains(message, ReviewDesk.ById(html, $"{field}-error") ?? "(no error)", StringComparison.Ordinal);
        Assert.Contains($"aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.Equal(ViewingPreferences.None, (await desk.Server.Services.GetRequiredService<UserStore>().FindAsync("rita"))!.Viewing);
    }

    [Fact]
    public async Task The_account_page_counts_the_reviewers_reveals_today_and_a_new_day_starts_at_zero()
    {
        await using var database = await DatabaseAsync();
        await using var desk = await ReviewDesk.StartAsync(database);
        var id = await desk.ReportAsync("w-csam-2", ReportCategory.ChildSexualExploitation);
        var media = await desk.EvidenceAsync(id, "w-csam-2", Bridge, "image/jpeg");
        var rita = await desk.SignInAsync("rita", ApiKeyRole.Reviewer);
        var sam = await desk.SignInAsync("sam", ApiKeyRole.SeniorReviewer);

        await ReviewDesk.RevealAsync(rita, id, media);
        await ReviewDesk.RevealAsync(rita, id, media);
        await ReviewDesk.RevealAsync(sam, id, media);

        Assert.Equal("Reveals today: 2", ReviewDesk.ById(await ReviewDesk.HtmlAsync(rita, "/console/account"), "reveals-today"));
        Assert.Equal("Reveals today: 1", ReviewDesk.ById(await ReviewDesk.HtmlAsync(sam, "/console/account"), "reveals-today"));
        desk.Clock.Advance(TimeSpan.FromDays(1)); // the sessions end too: sam signs in again
        using var tomorrow = new ConsoleClient(desk.Server.Address);
        using (var signedIn = await tomorrow.SignInAsync("sam", ReviewDesk.Password))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        Assert.Equal("Reveals today: 0", ReviewDesk.ById(await ReviewDesk.HtmlAsync(tomorrow, "/console/account"), "reveals-today"));
    }

    private static Dictionary<string, string> Fields(string blur, string grayscale, string mute, string breakMinutes) => new()
    {
        ["blur"] = blur,
        ["grayscale"] = grayscale,
        ["mute"] = mute,
        ["breakMinutes"] = breakMinutes,
    };

    private static async Task<byte[]> PreviewAsync(ConsoleClient browser, long caseId, long evidenceId)
    {
        using var response = await browser.GetAsync($"/console/cases/{caseId}/media/{evidenceId}?view=preview");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    /// <summary>How many pixels are clearly not grey.</summary>
    private static int Colourful(byte[] jpeg)
    {
        using var bitmap = SKBitmap.Decode(jpeg);
        var count = 0;
        foreach (var pixel in bitmap.Pixels)
        {
            if (Math.Abs(pixel.Red - pixel.Green) > 12 || Math.Abs(pixel.Green - pixel.Blue) > 12)
            {
                count++;
            }
        }

        return count;
    }
}

public sealed class SqliteConsoleWellnessTests : ConsoleWellnessTests
{
    protected override Task<TestDatabase> DatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresConsoleWellnessTests : ConsoleWellnessTests
{
    protected override Task<TestDatabase> DatabaseAsync() => TestDatabase.PostgresAsync();
}
