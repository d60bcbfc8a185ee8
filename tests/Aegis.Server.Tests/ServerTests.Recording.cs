using System.Net;
using System.Security.Cryptography;
using Aegis.Server.Matching;
using Aegis.Server.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Aegis.Server.Tests;

/// <summary>
/// Recording items through the gate (issue 12): a node indexes the uploads of a moment with one read of the content
/// feed, not one per upload, and that costs no guarantee.
/// </summary>
public abstract partial class ServerTests
{
    /// <summary>The longest batch the setting allows: the uploads below all arrive well within it on any machine.</summary>
    private const int LongBatchMilliseconds = 1000;

    /// <summary>A poll long enough that uploads a few milliseconds apart always wake the host before it is due.</summary>
    private const int BusyPollMilliseconds = 1000;

    /// <summary>No poll during the test: every step is one that an upload or a bank write started.</summary>
    private const int NoPollMilliseconds = 60_000;

    [Fact]
    public async Task Uploads_that_arrive_together_are_indexed_by_one_read_of_the_content_feed_not_one_each()
    {
        // Given a node that waits for more uploads before indexing (and does not poll meanwhile), alone on its database so
        // that it holds the content index's partition
        await using var own = await KeyedDatabase.CreateAsync(Fixture.Database.IsPostgres);
        var (database, platformKey) = (own.Database, own.Platform);
        await using var server = await RunningServer.StartAsync(
            database.Options, o => (o.FeedPollMilliseconds, o.FeedBatchMilliseconds) = (NoPollMilliseconds, LongBatchMilliseconds));
        using var platform = server.Client(platformKey);
        await Waits.UntilAsync(() => server.Services.GetRequiredService<ContentIndex>().AllCurrent, "the node to hold its content index");
        var host = server.Services.GetRequiredService<MatcherHost>();
        var index = server.Services.GetRequiredService<ContentIndex>();
        var (stepsBefore, itemsBefore) = (host.Steps, index.Items);
        const int Uploads = 20;

        // When 20 items are recorded at once
        var answers = await Task.WhenAll(Enumerable.Range(0, Uploads).Select(i => platform.PostJsonAsync(
            "/v1/lookup", new { content_id = NewName("batch"), md5 = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) })));
        foreach (var answer in answers)
        {
            Assert.True((bool)(await answer.JsonAsync(HttpStatusCode.OK))["recorded"]!);
        }

        // Then they reach the node's index, in far fewer steps than uploads (each step was one read per upload before)
        await Waits.UntilAsync(() => index.Items >= itemsBefore + Uploads, "the uploads to be indexed", seen: () => $"{index.Items - itemsBefore} indexed");
        var steps = host.Steps - stepsBefore;
        Assert.True(steps <= Uploads / 2, $"{Uploads} uploads took {steps} steps");
    }

    [Fact]
    public async Task An_item_recorded_while_its_batch_waits_is_found_by_a_hash_banked_at_once()
    {
        // Given a node that waits a second before indexing an upload, and does not poll (alone on its database: it holds the
        // content index's partition)
        await using var own = await KeyedDatabase.CreateAsync(Fixture.Database.IsPostgres);
        var (database, platformKey, curatorKey) = (own.Database, own.Platform, own.Curator);
        await using var server = await RunningServer.StartAsync(
            database.Options, o => (o.FeedPollMilliseconds, o.FeedBatchMilliseconds) = (NoPollMilliseconds, LongBatchMilliseconds));
        using var platform = server.Client(platformKey);
        using var curator = server.Client(curatorKey);
        await Waits.UntilAsync(() => server.Services.GetRequiredService<ContentIndex>().AllCurrent, "the node to hold its content index");
        var bank = NewName("batch-retro");
        await (await curator.PostJsonAsync("/v1/banks", new { name = bank })).JsonAsync(HttpStatusCode.Created);
        var after = (long)(await (await platform.GetAsync("/v1/match-events?after=0&limit=10000")).JsonAsync(HttpStatusCode.OK))["next"]!;
        var id = NewName("early");
        var md5 = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

        // When an item is recorded and its hash banked straight after, before its batch is due
        var recorded = await (await platform.PostJsonAsync("/v1/lookup", new { content_id = id, md5 })).JsonAsync(HttpStatusCode.OK);
        await (await curator.PostJsonAsync($"/v1/banks/{bank}/entries", new { signal_type = "md5", value = md5 })).JsonAsync(HttpStatusCode.Created);

        // Then the bank write's answer came after the match was recorded: no waiting for the batch or a poll
        var events = (await (await platform.GetAsync($"/v1/match-events?after={after}")).JsonAsync(HttpStatusCode.OK))["events"]!.AsArray();
        Assert.Equal("allow", (string)recorded["verdict"]!);
        Assert.Contains(events, e => (string)e!["content_id"]! == id && (string)e["bank"]! == bank);
    }

    [Fact]
    public async Task A_node_busy_with_uploads_still_reads_other_nodes_bank_changes_within_a_poll()
    {
        // Given a second node, polling every second, that two platform clients keep uploading to: every upload wakes its
        // host, so it is woken again long before a poll would be due
        await using var other = await RunningServer.StartAsync(Fixture.Database.Options, o => o.FeedPollMilliseconds = BusyPollMilliseconds);
        using var platform = other.Client(Fixture.Platform);
        using var stop = new CancellationTokenSource();
        var uploads = 0;
        var uploader = Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var md5 = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                await (await platform.PostJsonAsync("/v1/lookup", new { content_id = NewName("busy"), md5 })).JsonAsync(HttpStatusCode.OK);
                Interlocked.Increment(ref uploads);
            }
        })));
        try
        {
            await Waits.UntilAsync(() => Volatile.Read(ref uploads) >= 20, "the uploads to be under way", seen: () => $"{uploads} uploads");

            // When a hash is banked on the first node while the uploads go on
            var bank = await CreateBankAsync("busy-node");
            await AddEntryAsync(bank, "md5", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
            var change = Fixture.Server.Services.GetRequiredService<MatcherHost>().Sequence;
            var feed = other.Services.GetRequiredService<MatcherHost>();

            // Then the busy node reads that change while it is still taking uploads
            await Waits.UntilAsync(() => feed.Sequence >= change, $"the busy node to read bank change {change}", seen: () => $"it had read up to {feed.Sequence}");
            Assert.False(uploader.IsCompleted, "the uploads had stopped before the change was read");
        }
        finally
        {
            await stop.CancelAsync();
        }

        await uploader;
    }

    [Fact]
    public async Task A_copy_recorded_just_before_a_confirmation_is_removed_by_its_cascade_whatever_the_batch()
    {
        // Given a node that waits a second before indexing an upload and does not poll, an item and a near copy of it
        // recorded on it just now (neither indexed yet)
        await using var server = await RunningServer.StartAsync(
            Fixture.Database.Options, o => (o.FeedPollMilliseconds, o.FeedBatchMilliseconds) = (NoPollMilliseconds, LongBatchMilliseconds));
        using var platform = server.Client(Fixture.Platform);
        using var reviewer = server.Client(Fixture.Reviewer);
        var random = new Random(1212);
        async Task<long> ConfirmAsync(string contentId)
        {
            var caseId = (long)(await ReportAsync(platform, "/v1/reports", new { content_ids = new[] { contentId }, category = "child_sexual_exploitation" }))["case_id"]!;
            await (await reviewer.PostJsonAsync($"/v1/cases/{caseId}/decisions", new { kind = "confirm_csam", classification = "a1", reason = "confirmed" })).JsonAsync(HttpStatusCode.OK);
            return caseId;
        }

        var warm = NewName("warm"); // reporting and deciding once first, so that the second time takes milliseconds
        await (await platform.PostJsonAsync("/v1/lookup", new { content_id = warm, pdq = RandomHex(random, 32) })).JsonAsync(HttpStatusCode.OK);
        await ConfirmAsync(warm);
        var pdq = RandomHex(random, 32);
        var (root, near) = (NewName("root"), NewName("near"));
        await (await platform.PostJsonAsync("/v1/lookup", new { content_id = root, pdq })).JsonAsync(HttpStatusCode.OK);
        await (await platform.PostJsonAsync("/v1/lookup", new { content_id = near, pdq = FlipBits(pdq, 8) })).JsonAsync(HttpStatusCode.OK);

        // When the item is reported and confirmed at once
        await ConfirmAsync(root);

        // Then the cascade, which ran before the decision's answer, found the copy and removed it
        Assert.Equal("removed", await StatusAsync(platform, near));
    }
}
