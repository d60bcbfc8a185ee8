using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Tests.Console;

/// <summary>
/// The console's admin pages over HTTP: API keys (the secret shown once, working against /v1, revoked), users (made,
/// signed in, given another role, disabled with their session ended, a password reset, unlocked; an admin cannot
/// disable or demote themselves), evidence holds (held and released with a reason, metadata only), all audited with
/// the admin's name; a curator is refused them; a form posted without its token does nothing.
/// </summary>
public abstract class ConsoleAdminTests
{
    protected abstract Task<TestDatabase> DatabaseAsync();

    [Fact]
    public async Task A_curator_gets_403_on_the_admin_pages()
    {
        await using var database = await DatabaseAsync();
        await using var server = await RunningServer.StartAsync(database.Options);
        using var cora = await ConsolePages.SignedInAsync(server, "cora", ApiKeyRole.Curator);

        foreach (var page in new[] { "/console/keys", "/console/users", "/console/users/cora", "/console/evidence" })
        {
            Assert.Contains("Not allowed", await cora.PageAsync(page, HttpStatusCode.Forbidden), StringComparison.Ordinal);
        }

        using var post = await cora.SubmitAsync("/console/account", new Dictionary<string, string> { ["name"] = "sneaky", ["role"] = "admin" }, "/console/keys?handler=Create");
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.DoesNotContain(await server.Services.GetRequiredService<ApiKeyStore>().ListAsync(), k => k.Name == "sneaky");
    }

    [Fact]
    public async Task An_admin_makes_a_key_shown_once_that_works_against_the_API_and_revokes_it()
    {
        await using var database = await DatabaseAsync();
        await using var server = await RunningServer.StartAsync(database.Options);
        using var ada = await ConsolePages.SignedInAsync(server, "ada", ApiKeyRole.Admin);

        var keysPage = await ada.PageAsync("/console/keys");
        Assert.Contains("action=\"/console/keys?handler=Create\"", keysPage, StringComparison.Ordinal);
        Assert.Contains("<label for=\"key-name\">", keysPage, StringComparison.Ordinal);
        using var made = await ada.SubmitAsync("/console/keys", new Dictionary<string, string> { ["name"] = "moderation-bot", ["role"] = "curator" }, "/console/keys?handler=Create");
        var html = await made.HtmlAsync(HttpStatusCode.OK);
        var secret = ConsolePages.InputValue(html, "new-key-secret");
        Assert.StartsWith(ApiKeyStore.Prefix, secret, StringComparison.Ordinal);
        Assert.Contains("shown only this once", ConsolePages.Text(html), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await ada.PageAsync("/console/keys"), StringComparison.Ordinal);
        using (var api = server.Client(secret))
        using (var banks = await api.GetAsync("/v1/banks"))
        {
            Assert.Equal(HttpStatusCode.OK, banks.StatusCode);
        }

        using (var taken = await ada.SubmitAsync("/console/keys", new Dictionary<string, string> { ["name"] = "moderation-bot", ["role"] = "admin" }, "/console/keys?handler=Create"))
        {
            var refused = await taken.HtmlAsync(HttpStatusCode.BadRequest);
            Assert.Contains("already exists", ConsolePages.Text(refused), StringComparison.Ordinal);
            Assert.Contains("id=\"key-name-error\"", refused, StringComparison.Ordinal);
        }

        using (var revoked = await ada.SubmitAsync("/console/keys", new Dictionary<string, string> { ["name"] = "moderation-bot" }, "/console/keys?handler=Revoke"))
        {
            Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);
            Assert.Contains("is revoked", ConsolePages.Text(await ada.PageAsync(revoked.Headers.Location!.OriginalString)), StringComparison.Ordinal);
        }

        using (var api = server.Client(secret))
        using (var refused = await api.GetAsync("/v1/banks"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode); // this node forgot its cached keys at the revoke
        }

        var audit = (await ConsolePages.AuditAsync(server)).Where(a => a.Subject == "apikey:moderation-bot").ToList();
        Assert.Equal(["apikey.created", "apikey.revoked"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal("ada", a.Actor));
        Assert.All(audit, a => Assert.DoesNotContain(secret, a.Data, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_admin_makes_a_user_who_signs_in_then_changes_their_role_disables_them_and_resets_their_password()
    {
        await using var database = await DatabaseAsync();
        await using var server = await RunningServer.StartAsync(database.Options);
        using var ada = await ConsolePages.SignedInAsync(server, "ada", ApiKeyRole.Admin);

        using var made = await ada.SubmitAsync("/console/users", new Dictionary<string, string> { ["name"] = "rob", ["role"] = "reviewer" }, "/console/users?handler=Create");
        var password = ConsolePages.InputValue(await made.HtmlAsync(HttpStatusCode.OK), "new-password");
        using var rob = new ConsoleClient(server.Address);
        Assert.Equal(HttpStatusCode.Redirect, (await rob.SignInAsync("rob", password)).StatusCode);
        await rob.PageAsync("/console/queue");
        await rob.PageAsync("/console/banks", HttpStatusCode.Forbidden);

        using (var role = await ada.SubmitAsync("/console/users/rob", new Dictionary<string, string> { ["role"] = "curator" }, "/console/users/rob?handler=Role"))
        {
            Assert.Equal(HttpStatusCode.Redirect, role.StatusCode);
        }

        await rob.PageAsync("/console/banks"); // the role counts at the next click
        var robsPage = await ada.PageAsync("/console/users/rob");
        Assert.Contains("action=\"/console/users/rob?handler=Disable\"", robsPage, StringComparison.Ordinal);
        Assert.Contains("action=\"/console/users/rob?handler=Reset\"", robsPage, StringComparison.Ordinal);
        Assert.Contains("<h1>User <span id=\"user-name\">rob</span></h1>", robsPage, StringComparison.Ordinal);

        using (var disabled = await ada.SubmitAsync("/console/users/rob", new Dictionary<string, string>(), "/console/users/rob?handler=Disable"))
        {
            Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
            Assert.Contains("rob is disabled", ConsolePages.Text(await ada.PageAsync(disabled.Headers.Location!.OriginalString)), StringComparison.Ordinal);
        }

        using (var ended = await rob.GetAsync("/console/banks"))
        {
            Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
            Assert.StartsWith("/console/signin", ended.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await rob.SignInAsync("rob", password)).StatusCode);
        (await ada.SubmitAsync("/console/users/rob", new Dictionary<string, string>(), "/console/users/rob?handler=Enable")).Dispose();
        using var reset = await ada.SubmitAsync("/console/users/rob", new Dictionary<string, string>(), "/console/users/rob?handler=Reset");
        var newPassword = ConsolePages.InputValue(await reset.HtmlAsync(HttpStatusCode.OK), "new-password");
        Assert.NotEqual(password, newPassword);
        Assert.Equal(HttpStatusCode.BadRequest, (await rob.SignInAsync("rob", password)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await rob.SignInAsync("rob", newPassword)).StatusCode);

        var audit = (await ConsolePages.AuditAsync(server)).Where(a => a.Subject == "user:rob" && a.Actor == "ada").Select(a => a.Action);
        Assert.Equal(["user.created", "user.role_changed", "user.disabled", "user.enabled", "user.password_reset"], audit);
    }

    [Fact]
    public async Task An_admin_cannot_disable_or_demote_themselves_and_unlocks_a_locked_user()
    {
        await using var database = await DatabaseAsync();
        await using var server = await RunningServer.StartAsync(database.Options, o => o.Users.LockoutAttempts = 2);
        using var ada = await ConsolePages.SignedInAsync(server, "ada", ApiKeyRole.Admin);

        using (var disable = await ada.SubmitAsync("/console/users/ada", new Dictionary<string, string>(), "/console/users/ADA?handler=Disable"))
        {
            var html = await disable.HtmlAsync(HttpStatusCode.BadRequest);
            Assert.Contains("You cannot disable your own account", ConsolePages.Text(html), StringComparison.Ordinal);
            Assert.Contains("aria-describedby=\"user-disable-error\"", html, StringComparison.Ordinal);
        }

        using (var demote = await ada.SubmitAsync("/console/users/ada", new Dictionary<string, string> { ["role"] = "reviewer" }, "/console/users/ada?handler=Role"))
        {
            Assert.Contains("You cannot change your own role", ConsolePages.Text(await demote.HtmlAsync(HttpStatusCode.BadRequest)), StringComparison.Ordinal);
        }

        await ada.PageAsync("/console/users"); // still an admin, still signed in

        var users = server.Services.GetRequiredService<UserStore>();
        await users.CreateAsync("lou", ApiKeyRole.Reviewer, ConsolePages.Password, "test");
        using var lou = new ConsoleClient(server.Address);
        (await lou.SignInAsync("lou", "wrong password 1")).Dispose();
        (await lou.SignInAsync("lou", "wrong password 2")).Dispose();
        Assert.Equal(HttpStatusCode.BadRequest, (await lou.SignInAsync("lou", ConsolePages.Password)).StatusCode);
        Assert.Contains("locked until", ConsolePages.Text(await ada.PageAsync("/console/users/lou")), StringComparison.Ordinal);

        using (var unlocked = await ada.SubmitAsync("/console/users/lou", new Dictionary<string, string>(), "/console/users/lou?handler=Unlock"))
        {
            Assert.Equal(HttpStatusCode.Redirect, unlocked.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await lou.SignInAsync("lou", ConsolePages.Password)).StatusCode);
        Assert.Contains(await ConsolePages.AuditAsync(server), a => a.Action == "user.unlocked" && a.Subject == "user:lou" && a.Actor == "ada");
        Assert.DoesNotContain(await ConsolePages.AuditAsync(server), a => a.Subject == "user:ada" && a.Action != "user.created");
    }

    [Fact]
    public async Task An_admin_holds_and_releases_evidence_with_a_reason_and_sees_metadata_only()
    {
        await using var database = await DatabaseAsync();
        await using var server = await RunningServer.StartAsync(database.Options);
        var platform = (await server.Services.GetRequiredService<ApiKeyStore>().CreateAsync("platform", ApiKeyRole.Platform)).Secret;
        using var api = server.Client(platform);
        var contentId = $"post-{Guid.NewGuid():N}"[..20];
        var reported = await (await api.PostJsonAsync("/v1/reports", new { content_ids = new[] { contentId }, category = "child_sexual_exploitation", reporter_id = "user-9" }))
            .JsonAsync(HttpStatusCode.Created);
        var caseId = (long)reported[0]!["case_id"]!;
        using var bytes = new ByteArrayContent(Images.Unrelated(31));
        bytes.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var item = await (await api.PutAsync($"/v1/cases/{caseId}/evidence/{contentId}", bytes)).JsonAsync(HttpStatusCode.Created);
        var id = (long)item["id"]!;
        using var ada = await ConsolePages.SignedInAsync(server, "ada", ApiKeyRole.Admin);

        // Kept a year: not near its purge within 30 days, listed within 400.
        Assert.DoesNotContain($"id=\"item-{id}\"", await ada.PageAsync("/console/evidence"), StringComparison.Ordinal);
        var listed = await ada.PageAsync("/console/evidence?days=400");
        Assert.Contains($"id=\"item-{id}\"", listed, StringComparison.Ordinal);
        Assert.DoesNotContain("/content", listed, StringComparison.Ordinal); // no link to the bytes

        Assert.Contains("action=\"/console/evidence?handler=Hold\"", listed, StringComparison.Ordinal);
        Assert.Contains($"<label for=\"reason-{id}\" class=\"visually-hidden\">", listed, StringComparison.Ordinal);
        var row = new Dictionary<string, string> { ["id"] = $"{id}", ["days"] = "30", ["form"] = "row", ["reason"] = " " };
        using (var noReason = await ada.SubmitAsync("/console/evidence", row, "/console/evidence?handler=Hold"))
        {
            var html = await noReason.HtmlAsync(HttpStatusCode.BadRequest);
            Assert.Contains($"id=\"reason-{id}-error\"", html, StringComparison.Ordinal);
            Assert.Contains("Say why", ConsolePages.Text(html), StringComparison.Ordinal);
        }

        using (var held = await ada.SubmitAsync("/console/evidence", new Dictionary<string, string> { ["id"] = $"{id}", ["reason"] = "litigation hold 2027-14" }, "/console/evidence?handler=Hold"))
        {
            Assert.Equal(HttpStatusCode.Redirect, held.StatusCode);
        }

        var shown = ConsolePages.Text(await ada.PageAsync("/console/evidence"));
        Assert.Contains("litigation hold 2027-14", shown, StringComparison.Ordinal); // held: listed whatever its retention
        row["reason"] = "litigation ended";
        using (var released = await ada.SubmitAsync("/console/evidence", row, "/console/evidence?handler=Release"))
        {
            Assert.Equal(HttpStatusCode.Redirect, released.StatusCode);
        }

        Assert.DoesNotContain($"id=\"item-{id}\"", await ada.PageAsync("/console/evidence"), StringComparison.Ordinal);
        using (var unknown = await ada.SubmitAsync("/console/evidence", new Dictionary<string, string> { ["id"] = "999999", ["reason"] = "x" }, "/console/evidence?handler=Hold"))
        {
            Assert.Contains("id=\"hold-id-error\"", await unknown.HtmlAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        }

        var audit = (await ConsolePages.AuditAsync(server)).Where(a => a.Subject == $"evidence:{id}" && a.Actor == "ada").ToList();
        Assert.Equal(["evidence.held", "evidence.released"], audit.Select(a => a.Action));
        Assert.Contains("litigation ended", audit[1].Data, StringComparison.Ordinal);
        Assert.DoesNotContain(await ConsolePages.AuditAsync(server), a => a.Action == "evidence.viewed");
    }

    [Fact]
    public async Task A_form_posted_without_its_token_changes_nothing()
    {
        await using var database = await DatabaseAsync();
        await using var server = await RunningServer.StartAsync(database.Options);
        using var ada = await ConsolePages.SignedInAsync(server, "ada", ApiKeyRole.Admin);
        await server.Services.GetRequiredService<UserStore>().CreateAsync("rob", ApiKeyRole.Reviewer, ConsolePages.Password, "test");

        using var key = await ada.PostAsync("/console/keys?handler=Create", new Dictionary<string, string> { ["name"] = "forged", ["role"] = "admin" }, token: null);
        using var disable = await ada.PostAsync("/console/users/rob?handler=Disable", new Dictionary<string, string>(), token: null);
        using var hold = await ada.PostAsync("/console/evidence?handler=Hold", new Dictionary<string, string> { ["id"] = "1", ["reason"] = "x" }, token: "not-a-token");

        Assert.Equal(HttpStatusCode.BadRequest, key.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, disable.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, hold.StatusCode);
        Assert.DoesNotContain(await server.Services.GetRequiredService<ApiKeyStore>().ListAsync(), k => k.Name == "forged");
        Assert.False((await server.Services.GetRequiredService<UserStore>().FindAsync("rob"))!.Disabled);
    }
}

public sealed class SqliteConsoleAdminTests : ConsoleAdminTests
{
    protected override Task<TestDatabase> DatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresConsoleAdminTests : ConsoleAdminTests
{
    protected override Task<TestDatabase> DatabaseAsync() => TestDatabase.PostgresAsync();
}
