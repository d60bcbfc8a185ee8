using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Aegis.Storage;

namespace Aegis.Cli.Tests;

/// <summary>
/// <c>aegis serve --demo</c> as a newcomer runs it, a real process: users for each role who can sign in with the printed
/// passwords, a review queue of mixed priority, reasons and SLA states through the real API, benign stand-ins said to be
/// so, one demo server a folder, and a second start on the same folder that adds nothing and gives new passwords.
/// </summary>
public sealed partial class ServeDemoTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aegis-cli-demo-").FullName;

    private string Data => Path.Combine(_dir, "demo");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task The_demo_seeds_signed_in_users_and_a_mixed_queue_once_and_a_second_start_adds_nothing()
    {
        // Given a fresh folder, when the demo starts
        Dictionary<string, string> firstPasswords;
        CaseSet firstCases;
        using (var first = ServeChild.Start("--demo", "--urls", "http://127.0.0.1:0", "--data", Data))
        {
            var (address, users) = await DemoBlockAsync(first);

            // Then every role has a user who signs in with the printed password
            Assert.Equal(["admin", "curator", "reviewer", "reviewer", "senior-reviewer"], users.Values.Select(u => u.Role).Order(StringComparer.Ordinal));
            await AssertSignInAsync(users.ToDictionary(u => u.Key, u => u.Value.Password), Data);
            Assert.Contains("BENIGN STAND-IN", first.Output, StringComparison.Ordinal);
            Assert.Contains("NOT abuse material", first.Output, StringComparison.Ordinal);

            // And the queue has cases of every kind, as the API serves them
            using var client = await AdminClientAsync(address, "demo-test");
            firstCases = await CasesAsync(client);
            var queue = firstCases.Open;
            Assert.InRange(queue.Count, 8, 12);
            Assert.Equal(["critical", "trusted_flag", "child_safety", "high", "normal"], queue.Select(c => (string)c["level"]!).Distinct());
            var now = DateTimeOffset.UtcNow;
            Assert.Contains(queue, c => Due(c) < now); // SLA breached
            Assert.Contains(queue, c => Due(c) > now); // still within it
            Assert.Contains(queue, c => c["escalated_at"] is not null);
            Assert.Contains(queue, c => (string)c["origin"]! == "gate_hold");
            Assert.Contains(queue, c => (string)c["state"]! == "awaiting_second_review");
            Assert.Contains(queue, c => c["claimed_by"] is not null);
            var top = queue[0]; // the person shown reported it, and it was reshared two deep and copied
            Assert.Equal("critical", (string)top["level"]!);
            Assert.Equal("report", (string)top["origin"]!);
            Assert.True((int)top["reports"]! >= 2, $"The top case has the victim's report and one on a reshare: {top}");
            var item = (await GetAsync(client, $"/v1/cases/{(long)top["id"]!}")).AsObject();
            Assert.Equal(["copy", "reshare"], item["linked_items"]!.AsArray().Select(i => (string)i!["kind"]!).Distinct().Order(StringComparer.Ordinal));
            Assert.NotEmpty(item["exposure_alerts"]!.AsArray());
            Assert.Single(firstCases.ConfirmedByMatch); // blocked at the gate on the stand-in bank
            Assert.Single(firstCases.Confirmed);

            // And the evidence of every case is preserved, as the gate and the vault's fetch preserve it
            foreach (var c in firstCases.All)
            {
                var evidence = (await GetAsync(client, $"/v1/cases/{(long)c["id"]!}/evidence"))["items"]!.AsArray();
                Assert.NotEmpty(evidence);
                Assert.All(evidence, e => Assert.Equal("preserved", (string)e!["state"]!));
            }

            // And the stand-in banks say what they are
            var banks = (await GetAsync(client, "/v1/banks")).AsArray().Select(b => b!.AsObject()).ToDictionary(b => (string)b["name"]!);
            Assert.Contains("STAND-INS", (string)banks["demo-stand-ins"]!["description"]!, StringComparison.Ordinal);
            Assert.Contains("NOT abuse material", (string)banks["demo-stand-ins"]!["description"]!, StringComparison.Ordinal);
            Assert.Equal("block", (string)banks["demo-stand-ins"]!["action"]!);
            Assert.Equal("hold", (string)banks["demo-stand-ins-review"]!["action"]!);

            // And a second demo server on the same folder meanwhile is refused in one line, changing nothing
            var meanwhile = await CliRun.ProcessAsync("serve", "--demo", "--urls", "http://127.0.0.1:0", "--data", Data);
            Assert.Equal(AegisCli.UsageError, meanwhile.ExitCode);
            Assert.Contains("another aegis serve --demo is using", Assert.Single(meanwhile.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries)), StringComparison.Ordinal);
            firstPasswords = users.ToDictionary(u => u.Key, u => u.Value.Password);
            await AssertSignInAsync(firstPasswords, Data);
            await StopAsync(first);
        }

        // When it starts again on the same folder
        using var second = ServeChild.Start("--demo", "--urls", "http://127.0.0.1:0", "--data", Data);
        var (secondAddress, secondUsers) = await DemoBlockAsync(second);

        // Then nothing is added, and the users have new passwords (the old ones no longer sign in)
        Assert.Contains("nothing added", second.Output, StringComparison.Ordinal);
        using (var client = await AdminClientAsync(secondAddress, "demo-test-2"))
        {
            var again = await CasesAsync(client);
            Assert.Equal(firstCases.Keys, again.Keys);
            var banks = (await GetAsync(client, "/v1/banks")).AsArray().Where(b => ((string)b!["name"]!).StartsWith("demo-", StringComparison.Ordinal));
            Assert.All(banks, b => Assert.Equal(3, (int)b!["total_entries"]!));
        }

        var secondPasswords = secondUsers.ToDictionary(u => u.Key, u => u.Value.Password);
        Assert.Equal(firstPasswords.Keys.Order(StringComparer.Ordinal), secondPasswords.Keys.Order(StringComparer.Ordinal));
        Assert.All(secondPasswords, p => Assert.NotEqual(firstPasswords[p.Key], p.Value));
        await AssertSignInAsync(secondPasswords, Data);
        await using (var store = await BankStore.OpenAsync(new StorageOptions(Data, null)))
        {
            Assert.Equal(SignInOutcome.Failed, (await new UserStore(store).VerifyPasswordAsync("demo-reviewer", firstPasswords["demo-reviewer"])).Outcome);
        }

        await StopAsync(second);
    }

    [Fact]
    public async Task The_demo_refuses_postgres_in_one_line()
    {
        var run = await CliRun.ProcessAsync("serve", "--demo", "--postgres", "Host=127.0.0.1;Port=1", "--urls", "http://127.0.0.1:0");

        Assert.Equal(AegisCli.UsageError, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--demo keeps its data in a folder of its own", line, StringComparison.Ordinal);
        Assert.DoesNotContain("listening on", run.Output, StringComparison.Ordinal);
    }

    /// <summary>Waits for the demo's block (after the "listening on" line); its address and users (name → role, password).</summary>
    private static async Task<(Uri Address, Dictionary<string, (string Role, string Password)> Users)> DemoBlockAsync(ServeChild server)
    {
        var ready = await server.ReadyLineAsync();
        await Waits.UntilAsync(
            () => server.Output.Contains("Stop the server with Ctrl-C", StringComparison.Ordinal),
            "the demo's block to be printed",
            () => $"stdout: {server.Output} stderr: {server.Error}");
        var address = new Uri(Listening().Match(ready).Groups["url"].Value);
        var users = server.Output.Split('\n').Select(l => UserLine().Match(l)).Where(m => m.Success)
            .ToDictionary(m => m.Groups["name"].Value, m => (m.Groups["role"].Value, m.Groups["password"].Value));
        return (address, users);
    }

    private static async Task AssertSignInAsync(Dictionary<string, string> passwords, string data)
    {
        await using var store = await BankStore.OpenAsync(new StorageOptions(data, null));
        var users = new UserStore(store);
        foreach (var (name, password) in passwords)
        {
            var result = await users.VerifyPasswordAsync(name, password);
            Assert.True(result.Outcome == SignInOutcome.Succeeded, $"{name} signs in with the printed password: {result.Outcome}");
        }
    }

    /// <summary>A client with an admin key made by <c>aegis apikey create</c> on the demo's folder while the server runs.</summary>
    private async Task<HttpClient> AdminClientAsync(Uri address, string name)
    {
        var made = await CliRun.InProcessAsync("apikey", "create", name, "--role", "admin", "--data", Data);
        Assert.Equal(0, made.ExitCode);
        var client = new HttpClient { BaseAddress = address, Timeout = Waits.HangGuard };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", made.Lines[0]);
        return client;
    }

    private static async Task<JsonNode> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonNode.Parse(body)!;
    }

    /// <summary>The queue, and the cases of each closed state.</summary>
    private static async Task<CaseSet> CasesAsync(HttpClient client)
    {
        async Task<List<JsonObject>> List(string query) =>
            [.. (await GetAsync(client, $"/v1/cases?limit=1000{query}")).AsArray().Select(c => c!.AsObject())];
        return new CaseSet(
            await List(""), await List("&state=Confirmed"), await List("&state=ConfirmedByMatch"), await List("&state=Dismissed"));
    }

    private static DateTimeOffset Due(JsonObject c) => DateTimeOffset.Parse((string)c["due_at"]!, CultureInfo.InvariantCulture);

    private static async Task StopAsync(ServeChild server)
    {
        await ServeChild.SignalAsync("TERM", server.Id);
        await server.WaitForExitAsync();
        Assert.True(server.ExitCode == 0, $"aegis serve exited with {server.ExitCode} after TERM; stdout: {server.Output} stderr: {server.Error}");
    }

    [GeneratedRegex("^aegis serve: listening on (?<url>http://\\S+) ")]
    private static partial Regex Listening();

    [GeneratedRegex("^  (?<name>demo-[a-z0-9-]+) +(?<role>[a-z-]+) +(?<password>\\S+)$")]
    private static partial Regex UserLine();

    private sealed record CaseSet(List<JsonObject> Open, List<JsonObject> Confirmed, List<JsonObject> ConfirmedByMatch, List<JsonObject> Dismissed)
    {
        public IEnumerable<JsonObject> All => [.. Open, .. Confirmed, .. ConfirmedByMatch, .. Dismissed];

        /// <summary>Each case as id, item, state and report count: equal when nothing was added or changed.</summary>
        public IReadOnlyList<string> Keys => [.. All.Select(c => $"{c["id"]} {c["content_id"]} {c["state"]} {c["reports"]}").Order(StringComparer.Ordinal)];
    }
}
