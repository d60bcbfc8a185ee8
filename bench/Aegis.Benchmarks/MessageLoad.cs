using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Aegis.Storage;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Benchmarks;

/// <summary>
/// Message intake on a real <c>aegis serve</c>: 20 clients post batches of 100 messages (10 conversations × 10 messages
/// each, every conversation's in send order; one conversation in 100 is a sextortion script that raises a signal and
/// opens or joins a case), 2,000 batches in all. Then checks that every message was read once and each script
/// conversation has its case. Usage: Aegis.Benchmarks message-load AEGIS_DLL DATADIR [POSTGRES] (with PostgreSQL, set
/// AEGIS_EVIDENCE__KEYS__&lt;id&gt; in the environment, as every PostgreSQL node needs).
/// </summary>
internal static class MessageLoad
{
    private const int Batches = 2_000;
    private const int Clients = 20;
    private const int ConversationsPerBatch = 10;
    private const int MessagesPerConversation = 10;

    private static readonly string[] Chat =
    [
        "hey how was school today", "did you finish the maths homework", "lol that video was so funny", "are you coming to practice tomorrow",
        "my mum says dinner at 7", "send me the link to that song", "i can't believe the game last night", "what are you doing this weekend",
        "ok see you later", "haha no way",
    ];

    private static readonly string[] Script =
    [
        "hi there you seem really mature for your age", "how old are you", "send me a pic of you", "", "i have your pics now",
        "send me $500 in gift cards or i will send your pics to all your followers", "you have 1 hour", "don't tell your parents", "pay now", "last chance",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var aegis = Path.GetFullPath(args[0]);
        var storage = new StorageOptions(Path.GetFullPath(args[1]), args.Length > 2 ? args[2] : null);
        string platformKey;
        await using (var store = await BankStore.OpenAsync(storage))
        {
            platformKey = (await new ApiKeyStore(store).CreateAsync("messages-" + Guid.NewGuid().ToString("N")[..8], ApiKeyRole.Platform)).Secret;
        }

        var port = 19000 + Random.Shared.Next(1000);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { aegis, "serve", "--urls", $"http://127.0.0.1:{port}", storage.UsesPostgres ? "--postgres" : "--data", storage.UsesPostgres ? storage.PostgresConnectionString! : storage.DataDirectory! })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["AEGIS_RATELIMIT__REQUESTSPERSECOND"] = "0";
        using var server = Process.Start(start)!;
        var said = new ConcurrentQueue<string>();
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, e) => said.Enqueue(e.Data ?? "");
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            using var probe = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            while (true)
            {
                if (server.HasExited)
                {
                    await Console.Error.WriteLineAsync("aegis serve did not start: " + string.Join('\n', said));
                    return 2;
                }

                try
                {
                    if ((await probe.GetAsync("/readyz")).IsSuccessStatusCode)
                    {
                        break;
                    }
                }
                catch (HttpRequestException)
                {
                }

                await Task.Delay(100);
            }

            var run = Guid.NewGuid().ToString("N")[..8];
            var at = DateTimeOffset.UtcNow.AddDays(-1);
            var latencies = new ConcurrentBag<double>();
            var (errors, observed, signals, next) = (0, 0, 0, -1);
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
            {
                using var http = new HttpClient { BaseAddress = probe.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
                http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", platformKey);
                int b;
                while ((b = Interlocked.Increment(ref next)) < Batches)
                {
                    var messages = new List<object>(ConversationsPerBatch * MessagesPerConversation);
                    for (var c = 0; c < ConversationsPerBatch; c++)
                    {
                        var conversation = (b * ConversationsPerBatch) + c;
                        var script = conversation % 100 == 0;
                        for (var m = 0; m < MessagesPerConversation; m++)
                        {
                            var adult = m % 2 == 0 || script && m != 3;
                            var (sender, recipient) = adult ? ($"{run}-a{conversation}", $"{run}-k{conversation}") : ($"{run}-k{conversation}", $"{run}-a{conversation}");
                            messages.Add(new
                            {
                                conversation_id = $"{run}-{conversation}",
                                message_id = $"m{m:D2}",
                                sender_id = sender,
                                recipient_ids = new[] { recipient },
                                sent_at = at.AddSeconds(m),
                                text = script ? (m == 3 ? null : Script[m]) : Chat[(conversation + m) % Chat.Length],
                                attachments = script && m == 3 ? new[] { new { md5 = Convert.ToHexStringLower(BitConverter.GetBytes((long)conversation).Concat(new byte[8]).ToArray()) } } : null,
                                sender = new { age_band = adult ? "adult" : "13_15" },
                                recipient = new { age_band = adult ? "13_15" : "adult" },
                                connected = !script,
                            });
                        }
                    }

                    var t = Stopwatch.GetTimestamp();
                    using var response = await http.PostAsJsonAsync("/v1/messages", new { messages });
                    latencies.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                    if (!response.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref errors);
                        continue;
                    }

                    var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                    Interlocked.Add(ref observed, (int)answer["observed"]!);
                    Interlocked.Add(ref signals, answer["signals"]!.AsArray().Count);
                }
            })));
            var seconds = clock.Elapsed.TotalSeconds;

            await using var check = await BankStore.OpenAsync(storage);
            await using var db = check.CreateContext();
            var conversations = await db.Conversations.CountAsync(c => c.ConversationId.StartsWith(run));
            var counted = await db.Conversations.Where(c => c.ConversationId.StartsWith(run)).SumAsync(c => c.Messages);
            var withCase = await db.Conversations.CountAsync(c => c.ConversationId.StartsWith(run) && c.CaseId != null);
            var kept = await db.ConversationMessages.CountAsync();
            var total = Batches * ConversationsPerBatch * MessagesPerConversation;
            var sorted = latencies.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {(storage.UsesPostgres ? "PostgreSQL" : "SQLite")} | {total:N0} messages in {Batches:N0} batches of 100, {Clients} clients | {seconds:F1} s | {total / seconds:F0}/s | {sorted[sorted.Length / 2]:F1} ms | {sorted[(int)(sorted.Length * 0.99)]:F1} ms | {errors} | {conversations:N0} conversations, {counted:N0} messages read, {withCase} with a case, {kept:N0} messages kept, {signals} signals |"));
            return errors == 0 && observed == total && counted == total && withCase == total / MessagesPerConversation / 100 ? 0 : 1;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
        }
    }
}
