using System.Net;
using Aegis.Server.Tests.Support;
using Aegis.Storage;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Server.Tests.Signals;

/// <summary>
/// Two real nodes on one PostgreSQL database: one conversation's messages arriving on both at once are each read once
/// and none lost (the conversation's row lock and version), and two ring members raising at once on the two nodes make
/// one case (ring decisions are taken one at a time in the database).
/// </summary>
public sealed class MessageSignalClusterTests : IAsyncLifetime
{
    private readonly List<RunningServer> _servers = [];
    private TestDatabase _database = null!;
    private string _platform = "";

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.PostgresAsync();
        await using var store = await BankStore.OpenAsync(_database.Options);
        _platform = (await new ApiKeyStore(store).CreateAsync("platform", ApiKeyRole.Platform)).Secret;
    }

    public async Task DisposeAsync()
    {
        try
        {
            foreach (var server in _servers)
            {
                await server.DisposeAsync();
            }
        }
        finally
        {
            await _database.DisposeAsync();
        }
    }

    [Fact]
    public async Task One_conversation_on_two_nodes_at_once_loses_no_message_and_two_ring_members_on_two_nodes_make_one_case()
    {
        for (var i = 0; i < 2; i++)
        {
            _servers.Add(await RunningServer.StartAsync(_database.Options));
        }

        using var first = _servers[0].Client(_platform);
        using var second = _servers[1].Client(_platform);
        var clients = new[] { first, second };
        var at = new DateTimeOffset(2026, 11, 6, 12, 0, 0, TimeSpan.Zero);

        // 60 messages of one conversation, one a request, sent through both nodes at once
        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(i =>
            MessageSignalTests.SendAsync(clients[i % 2], MessageSignalTests.Message("busy", $"m{i:D3}", i % 2 == 0 ? "a" : "b", i % 2 == 0 ? "b" : "a", at.AddSeconds(i), $"message number {i}", adult: true))));

        // Each was read or, arriving after a later one, skipped (and said so); every read one is counted once, in one
        // write of the conversation per request that read one
        var observed = answers.Sum(a => (int)a["observed"]!);
        Assert.Equal(60, observed + answers.Sum(a => (int)a["skipped"]!));
        Assert.True(observed > 0);
        await using (var store = await BankStore.OpenAsync(_database.Options))
        await using (var db = store.CreateContext())
        {
            var row = await db.Conversations.SingleAsync(c => c.ConversationId == "busy");
            Assert.Equal((observed, answers.Count(a => (int)a["observed"]! > 0)), (row.Messages, row.Version));
        }

        // Two accounts of a ring reach their threats on the two nodes at once, after each got a picture
        for (var i = 0; i < 2; i++)
        {
            await MessageSignalTests.SendAsync(clients[i],
                MessageSignalTests.Message($"ring-{i}", "m1", $"ring-{i}", $"kid-{i}", at, "you seem so mature, send me a pic"),
                MessageSignalTests.Message($"ring-{i}", "m2", $"kid-{i}", $"ring-{i}", at.AddMinutes(1), null, fromChild: true, attachments: [new { md5 = new string((char)('a' + i), 32) }]));
        }

        var threats = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => MessageSignalTests.SendAsync(clients[i],
            MessageSignalTests.Message($"ring-{i}", "m3", $"ring-{i}", $"kid-{i}", at.AddMinutes(2), "send me $500 in gift cards or i will send your pics to all your followers"))));
        var cases = threats.SelectMany(t => t["signals"]!.AsArray()).Where(s => (string)s!["kind"]! == "sextortion").Select(s => (long)s!["case_id"]!).Distinct().ToList();
        Assert.Single(cases);
    }
}
