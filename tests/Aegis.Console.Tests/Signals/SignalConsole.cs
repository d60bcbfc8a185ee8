using System.Net;
using Aegis.Console.Tests.Support;
using Aegis.Server.Tests.Support;
using Aegis.Storage;

namespace Aegis.Console.Tests.Signals;

/// <summary>
/// A review console with message signals' cases in it, shared by a test class: a real <c>aegis serve</c>
/// (<see cref="ConsoleFixture"/>) to which the platform sent, through <c>POST /v1/messages</c> with its key, an adult's
/// sextortion of a declared 13-year-old (<see cref="Sextortion"/>) and a ring of three accounts sending one threat to
/// three children (<see cref="Ring"/>, a script of its own). Console users are made by each test.
/// </summary>
public sealed class SignalConsole : IAsyncLifetime
{
    /// <summary>The threat the suspects send: a payment demand, then the threat to share.</summary>
    public const string Threat = "send me $500 in gift cards or I will send your pics to all your followers";

    /// <summary>
    /// The ring's script (a threat to share, a demand in bitcoin): far enough from the sextortion's that the ring makes a
    /// case of its own (as <c>ConsoleConversationTests</c> checks on both databases).
    /// </summary>
    public static readonly string[] RingScript =
    [
        "hey cutie you look so mature, add me on snap",
        "send me a pic of you",
        "i have your pics now. pay me 200 dollars in bitcoin or i will send them to your followers",
    ];

    /// <summary>The MD5 of the picture the child sends (Aegis is given hashes only).</summary>
    public static readonly string PictureMd5 = new('a', 32);

    private readonly ConsoleFixture _console = new();
    private BankStore? _store;
    private int _disposed;

    /// <summary>The sextortion's case (conversation <c>dm-1</c>, suspect <c>adult-1</c>, child <c>teen-1</c>).</summary>
    public long Sextortion { get; private set; }

    /// <summary>The ring's one case (conversations <c>ring-1</c> to <c>ring-3</c>, suspects <c>scammer-1</c> to <c>scammer-3</c>).</summary>
    public long Ring { get; private set; }

    /// <summary>A page in a browser context of its own (no session), 1280×800.</summary>
    public Task<Microsoft.Playwright.IPage> NewPageAsync() => _console.NewPageAsync();

    public async Task InitializeAsync()
    {
        try
        {
            _store = await BankStore.OpenAsync(_console.Storage);
            var key = (await new ApiKeyStore(_store).CreateAsync("platform", ApiKeyRole.Platform)).Secret;
            await _console.InitializeAsync();
            using var platform = _console.Server.Client(key);
            var at = DateTimeOffset.UtcNow.AddMinutes(-30);
            Sextortion = await CaseAsync(platform, [
                Message("dm-1", "m1", "adult-1", "teen-1", at, "how old are you"),
                Message("dm-1", "m2", "teen-1", "adult-1", at.AddMinutes(1), "13"),
                Message("dm-1", "m3", "adult-1", "teen-1", at.AddMinutes(2), "send me a pic"),
                Message("dm-1", "m4", "teen-1", "adult-1", at.AddMinutes(3), null, PictureMd5),
                Message("dm-1", "m5", "adult-1", "teen-1", at.AddMinutes(4), Threat)]);
            var ring = new List<long>();
            for (var i = 1; i <= 3; i++)
            {
                var (conversation, suspect, child) = ($"ring-{i}", $"scammer-{i}", $"kid-{i}");
                ring.Add(await CaseAsync(platform, [
                    Message(conversation, "a", suspect, child, at, RingScript[0]),
                    Message(conversation, "b", suspect, child, at.AddMinutes(1), RingScript[1]),
                    Message(conversation, "c", child, suspect, at.AddMinutes(2), null, $"{i:x2}{new string('b', 30)}"),
                    Message(conversation, "d", suspect, child, at.AddMinutes(3), RingScript[2])]));
            }

            Ring = Assert.Single(ring.Distinct());
            Assert.NotEqual(Sextortion, Ring);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Makes a console user with <see cref="ReviewConsole.Password"/>; returns the name.</summary>
    public async Task<string> UserAsync(string name, ApiKeyRole role)
    {
        await new UserStore(_store ?? throw new InvalidOperationException("The fixture has not started.")).CreateAsync(name, role, ReviewConsole.Password, "test");
        return name;
    }

    /// <summary>Stops everything it started; once.</summary>
    public async Task DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            if (_store is not null)
            {
                await _store.DisposeAsync();
            }
        }
        finally
        {
            await _console.DisposeAsync();
        }
    }

    /// <summary>Sends the messages in one batch; returns the case of the (first) signal they raised.</summary>
    private static async Task<long> CaseAsync(HttpClient platform, object[] messages)
    {
        using var response = await platform.PostJsonAsync("/v1/messages", new { messages });
        var answer = await response.JsonAsync(HttpStatusCode.OK);
        return (long)answer["signals"]![0]!["case_id"]!;
    }

    /// <summary>A direct message between an adult and a declared 13–15-year-old (the child's accounts are <c>teen-*</c>, <c>kid-*</c>), not connected.</summary>
    private static object Message(string conversation, string id, string sender, string recipient, DateTimeOffset at, string? text, string? md5 = null)
    {
        var child = sender.StartsWith("teen", StringComparison.Ordinal) || sender.StartsWith("kid", StringComparison.Ordinal);
        return new
        {
            conversation_id = conversation,
            message_id = id,
            sender_id = sender,
            recipient_ids = new[] { recipient },
            sent_at = at,
            text,
            attachments = md5 is null ? null : new[] { new { md5 } },
            sender = new { age_band = child ? "13_15" : "adult" },
            recipient = new { age_band = child ? "adult" : "13_15" },
        };
    }
}
