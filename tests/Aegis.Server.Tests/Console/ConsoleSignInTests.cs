using System.Net;
using Aegis.Fakes;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace Aegis.Server.Tests.Console;

/// <summary>
/// The review console's sign-in: local users, a cookie that only the console's pages accept, antiforgery on every form,
/// an idle timeout, the role and the account's standing read from the store at every request, and sessions every node
/// and a restart can read (the Data Protection keys are in the store).
/// </summary>
public abstract class ConsoleSignInTests
{
    private const string Password = "correct horse battery";

    protected abstract Task<TestDatabase> DatabaseAsync();

    [Fact]
    public async Task A_page_without_a_session_leads_to_sign_in_and_back()
    {
        await using var database = await DatabaseAsync();
        await using var server = await RunningServer.StartAsync(database.Options);
        await CreateUserAsync(server, "rita", ApiKeyRole.Reviewer);
        using var browser = new ConsoleClient(server.Address);

        using var before = await browser.GetAsync("/console/queue");
        Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
        Assert.StartsWith("/console/signin?returnUrl=%2Fconsole%2Fqueue", before.Headers.Location!.PathAndQuery, StringComparison.Ordinal);

        using var signIn = await browser.SubmitAsync(
            "/console/signin?returnUrl=%2Fconsole%2Fqueue", new Dictionary<string, string> { ["name"] = "rita", ["password"] = Password, ["returnUrl"] = "/console/queue" });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/console/queue", signIn.Headers.Location!.OriginalString);

        using var queue = await browser.GetAsync("/console/queue");
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
        Assert.Contains("Review queue", await queue.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(queue.Headers.CacheControl!.NoStore);
        Assert.Contains("frame-ancestors 'none'", queue.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_and_a_return_address_elsewhere_is_not_followed()
    {
        await using var database = await DatabaseAsync();
        await using var server = await RunningServer.StartAsync(database.Options);
        await CreateUserAsync(server, "rita", ApiKeyRole.Reviewer);
        using var browser = new ConsoleClient(server.Address);

        using var wrong = await browser.SignInAsync("rita", "not the password");
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("The name or the password is not right.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var right = await browser.SubmitAsync(
            "/console/signin", new Dictionary<string, string> { ["name"] = "rita", ["password"] = Password, ["returnUrl"] = "https://evil.example/phish" });
        Assert.Equal("/console/queue", right.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        await using var database = await DatabaseAsync();
        await using var server = await RunningServer.StartAsync(database.Options);
        await CreateUserAsync(server, "rita", ApiKeyRole.Reviewer);
        using var browser = new ConsoleClient(server.Address);

        using var signIn = await browser.PostAsync("/console/signin", new Dictionary<string, string> { ["name"] = "rita", ["password"] = Password }, token: null);

        Assert.Equal(HttpStatusCode.BadRequest, signIn.StatusCode);
        using var queue = await browser.GetAsync("/console/queue");
        Assert.Equal(HttpStatusCode.Redirect, queue.StatusCode);
    }

    [Fact]
    public async Task The_console_cookie_opens_no_API_endpoint()
    {
        await using var database = await DatabaseAsync();
        await using var server = await RunningServer.StartAsync(database.Options);
        await CreateUserAsync(server, "ada", ApiKeyRole.Admin);
        using var browser = new ConsoleClient(server.Address);
        (await browser.SignInAsync("ada", Password)).Dispose();

        using var cases = await browser.GetAsync("/v1/cases");
        using var banks = await browser.GetAsync("/v1/banks");

        Assert.Equal(HttpStatusCode.Unauthorized, cases.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, banks.StatusCode);
    }

    [Fact]
    public async Task A_role_without_the_page_gets_403_with_a_reason_page()
    {
        await using var database = await DatabaseAsync();
        await using var server = await RunningServer.StartAsync(database.Options);
        await CreateUserAsync(server, "cora", ApiKeyRole.Curator);
        using var browser = new ConsoleClient(server.Address);
        (await browser.SignInAsync("cora", Password)).Dispose();

        using var queue = await browser.GetAsync("/console/queue");

        Assert.Equal(HttpStatusCode.Forbidden, queue.StatusCode);
        Assert.Contains("Not allowed", await queue.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_ends_after_the_idle_time_and_is_renewed_by_use()
    {
        await using var database = await DatabaseAsync();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var server = await RunningServer.StartAsync(database.Options, o => o.Users.IdleMinutes = 30, clock);
        await CreateUserAsync(server, "rita", ApiKeyRole.Reviewer);
        using var browser = new ConsoleClient(server.Address);
        (await browser.SignInAsync("rita", Password)).Dispose();

        // Used every 20 minutes for an hour: the sliding session is renewed each time.
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            using var used = await browser.GetAsync("/console/queue");
            Assert.Equal(HttpStatusCode.OK, used.StatusCode);
        }

        clock.Advance(TimeSpan.FromMinutes(31));
        using var idle = await browser.GetAsync("/console/queue");
        Assert.Equal(HttpStatusCode.Redirect, idle.StatusCode);
        Assert.StartsWith("/console/signin", idle.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_ends_at_once_when_the_account_is_disabled_or_its_password_reset()
    {
        await using var database = await DatabaseAsync();
        await using var server = await RunningServer.StartAsync(database.Options);
        var users = await CreateUserAsync(server, "rita", ApiKeyRole.Reviewer);
        await CreateUserAsync(server, "rob", ApiKeyRole.Reviewer);
        using var rita = new ConsoleClient(server.Address);
        using var rob = new ConsoleClient(server.Address);
        (await rita.SignInAsync("rita", Password)).Dispose();
        (await rob.SignInAsync("rob", Password)).Dispose();

        await users.SetDisabledAsync("rita", true, "test");
        await users.ResetPasswordAsync("rob", "another long password", "test");

        using var ritas = await rita.GetAsync("/console/queue");
        using var robs = await rob.GetAsync("/console/queue");
        Assert.Equal(HttpStatusCode.Redirect, ritas.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, robs.StatusCode);
    }

    [Fact]
    public async Task A_user_with_TOTP_signs_in_with_a_code_after_the_password()
    {
        await using var database = await DatabaseAsync();
        await using var server = await RunningServer.StartAsync(database.Options);
        var users = await CreateUserAsync(server, "sam", ApiKeyRole.SeniorReviewer);
        var enrolment = await users.EnrolTotpAsync("sam");
        var totp = new Totp(Base32Encoding.ToBytes(enrolment.Secret));
        Assert.True(await users.ConfirmTotpAsync("sam", totp.ComputeTotp(DateTime.UtcNow.AddSeconds(-30)), "test"));
        using var browser = new ConsoleClient(server.Address);

        using var password = await browser.SignInAsync("sam", Password);
        var codeForm = await password.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, password.StatusCode);
        Assert.Contains("authenticator app", codeForm, StringComparison.Ordinal);
        using (var notYet = await browser.GetAsync("/console/queue"))
        {
            Assert.Equal(HttpStatusCode.Redirect, notYet.StatusCode);
        }

        var pending = System.Text.RegularExpressions.Regex.Match(codeForm, "name=\"pending\" value=\"([^\"]+)\"").Groups[1].Value;
        var fields = new Dictionary<string, string> { ["pending"] = WebUtility.HtmlDecode(pending) };
        using var forged = await browser.PostAsync("/console/signin?handler=Code", new Dictionary<string, string>(fields) { ["pending"] = "forged", ["code"] = totp.ComputeTotp() }, ConsoleClient.Token(codeForm));
        Assert.Contains("not valid", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var code = await browser.PostAsync("/console/signin?handler=Code", new Dictionary<string, string>(fields) { ["code"] = totp.ComputeTotp() }, ConsoleClient.Token(codeForm));
        Assert.Equal(HttpStatusCode.Redirect, code.StatusCode);
        using var queue = await browser.GetAsync("/console/queue");
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
    }

    [Fact]
    public async Task A_session_is_read_by_another_node_and_survives_a_restart()
    {
        await using var database = await DatabaseAsync();
        var cookies = new CookieContainer();
        await using (var first = await RunningServer.StartAsync(database.Options))
        {
            await CreateUserAsync(first, "rita", ApiKeyRole.Reviewer);
            using var browser = new ConsoleClient(first.Address, cookies);
            (await browser.SignInAsync("rita", Password)).Dispose();
            if (database.IsPostgres)
            {
                // A second node on the same database, at the same time, reads the first node's cookie.
                await using var second = await RunningServer.StartAsync(database.Options);
                using var other = new ConsoleClient(second.Address, cookies);
                using var page = await other.GetAsync("/console/queue");
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            }
        }

        await using var restarted = await RunningServer.StartAsync(database.Options);
        using var again = new ConsoleClient(restarted.Address, cookies);
        using var queue = await again.GetAsync("/console/queue");
        Assert.Equal(HttpStatusCode.OK, queue.StatusCode);
    }

    [Fact]
    public async Task Signing_out_ends_the_session()
    {
        await using var database = await DatabaseAsync();
        await using var server = await RunningServer.StartAsync(database.Options);
        await CreateUserAsync(server, "rita", ApiKeyRole.Reviewer);
        using var browser = new ConsoleClient(server.Address);
        (await browser.SignInAsync("rita", Password)).Dispose();

        using var signOut = await browser.SubmitAsync("/console/queue", new Dictionary<string, string>(), "/console/signout");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);

        using var queue = await browser.GetAsync("/console/queue");
        Assert.Equal(HttpStatusCode.Redirect, queue.StatusCode);
    }

    private static async Task<UserStore> CreateUserAsync(RunningServer server, string name, ApiKeyRole role)
    {
        var users = server.Services.GetRequiredService<UserStore>();
        await users.CreateAsync(name, role, Password, "test");
        return users;
    }
}

public sealed class SqliteConsoleSignInTests : ConsoleSignInTests
{
    protected override Task<TestDatabase> DatabaseAsync() => Task.FromResult(TestDatabase.Sqlite());
}

public sealed class PostgresConsoleSignInTests : ConsoleSignInTests
{
    protected override Task<TestDatabase> DatabaseAsync() => TestDatabase.PostgresAsync();
}
