using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Aegis.Storage.Model;
using Aegis.Storage.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Aegis.Storage.Tests;

/// <summary>
/// The audit log. Each test has a database of its own (a fresh SQLite directory, or a fresh PostgreSQL database on the
/// test server), so it knows every entry's sequence and may tamper with rows without touching the other tests.
/// </summary>
public abstract partial class BankStoreTests
{
    [Fact]
    public async Task Audit_entries_chain_to_the_one_before_and_their_hashes_recompute_from_the_documented_bytes()
    {
        // A time with sub-microsecond ticks: stored (and hashed) as whole microseconds, which both providers keep exactly.
        _time.Now = Start.AddTicks(1_234_567).ToOffset(TimeSpan.FromHours(2));
        await OnFreshDatabaseAsync(async store =>
        {
            var log = new AuditLog(store);

            var appended = new List<AuditEntry>
            {
                await log.AppendAsync("ops-key", "report.received", "content:post-1", """{"report_id": 1, "note": "é ✓ 😀"}"""),
                await log.AppendAsync("reviewer@example.org", "case.decided", "case:12"),
                await log.AppendAsync("system", "content.restricted", "content:post-1", "{}"),
            };
            var read = await ToListAsync(log.ReadAsync());

            Assert.Equal(appended, read);
            Assert.Equal([1L, 2L, 3L], read.Select(e => e.Sequence));
            Assert.Equal(AuditLog.Genesis, read[0].PreviousHash);
            Assert.Equal(read[0].Hash, read[1].PreviousHash);
            Assert.Equal(read[1].Hash, read[2].PreviousHash);
            Assert.Equal("{}", read[1].Data);
            Assert.All(read, e => Assert.Equal(RecomputeByHand(e), e.Hash));
            Assert.All(read, e => Assert.Equal((TimeSpan.Zero, Start.AddTicks(1_234_560)), (e.At.Offset, e.At)));
            Assert.Equal("2026-11-01T12:00:00.1234560+00:00", AuditLog.FormatTime(read[0].At));
            Assert.Equal(read.Skip(1), await ToListAsync(log.ReadAsync(afterSequence: 1)));
            Assert.Equal(new AuditVerification(true, 3, read[2].Hash, null, null), await log.VerifyAsync());
        });
    }

    [Fact]
    public async Task A_persons_entries_of_one_action_since_a_time_are_counted()
    {
        await OnFreshDatabaseAsync(async store =>
        {
            var log = new AuditLog(store);
            _time.Now = Start;
            await log.AppendAsync("rita", "evidence.revealed", "case:1");
            var today = Start.AddDays(1);
            _time.Now = today;
            await log.AppendAsync("rita", "evidence.revealed", "case:2");
            await log.AppendAsync("rob", "evidence.revealed", "case:2");
            await log.AppendAsync("rita", "evidence.viewed", "case:2");
            _time.Now = today.AddHours(3);
            await log.AppendAsync("rita", "evidence.revealed", "case:3");

            Assert.Equal(2, await log.CountAsync("rita", "evidence.revealed", today));
            Assert.Equal(3, await log.CountAsync("rita", "evidence.revealed", Start));
            Assert.Equal(1, await log.CountAsync("rob", "evidence.revealed", today));
            Assert.Equal(1, await log.CountAsync("rita", "evidence.viewed", today));
            Assert.Equal(0, await log.CountAsync("rita", "evidence.revealed", today.AddDays(1)));
            Assert.Equal(0, await log.CountAsync("ana", "evidence.revealed", Start));
        });
    }

    [Fact]
    public async Task An_empty_audit_log_is_intact()
    {
        await OnFreshDatabaseAsync(async store =>
            Assert.Equal(new AuditVerification(true, 0, null, null, null), await new AuditLog(store).VerifyAsync()));
    }

    [Fact]
    public async Task The_audit_verifier_finds_an_edited_entry_and_an_edit_with_a_recomputed_hash()
    {
        await OnFreshDatabaseAsync(async store =>
        {
            var log = new AuditLog(store);
            var entries = await AppendSomeAsync(log, 5);

            await SqlAsync(store, "UPDATE audit_log SET data = {0} WHERE sequence = 3", """{"report_id": 99}""");
            var edited = await log.VerifyAsync();

            Assert.Equal((false, 3L, 2L, (string?)null), (edited.Intact, edited.BrokenAt, edited.Entries, edited.LastHash));
            Assert.Equal("entry 3 was edited: its hash does not match its contents", edited.Problem);

            // An editor who also recomputes the entry's hash breaks the link from the entry after it.
            var forged = entries[2] with { Data = """{"report_id": 99}""" };
            await SqlAsync(store, "UPDATE audit_log SET hash = {0} WHERE sequence = 3", AuditLog.ComputeHash(forged));
            var rehashed = await log.VerifyAsync();

            Assert.Equal((false, 4L), (rehashed.Intact, rehashed.BrokenAt));
            Assert.StartsWith("the entry before 4 is missing or was changed: previous_hash is " + entries[2].Hash, rehashed.Problem, StringComparison.Ordinal);

            // Restored exactly, the log verifies again.
            await SqlAsync(store, "UPDATE audit_log SET data = {0}, hash = {1} WHERE sequence = 3", entries[2].Data, entries[2].Hash);
            Assert.Equal(new AuditVerification(true, 5, entries[4].Hash, null, null), await log.VerifyAsync());
        });
    }

    [Fact]
    public async Task The_audit_verifier_finds_a_deleted_entry_at_the_entry_after_it_and_ignores_gaps_in_sequence_numbers()
    {
        await OnFreshDatabaseAsync(async store =>
        {
            var log = new AuditLog(store);
            var entries = await AppendSomeAsync(log, 5);

            await SqlAsync(store, "DELETE FROM audit_log WHERE sequence = 3");
            var deleted = await log.VerifyAsync();

            Assert.Equal((false, 4L, 2L), (deleted.Intact, deleted.BrokenAt, deleted.Entries));
            Assert.Equal(
                $"the entry before 4 is missing or was changed: previous_hash is {entries[2].Hash}, but the entry before it (2) has hash {entries[1].Hash}",
                deleted.Problem);

            // The first entries deleted: the first one left does not start the chain.
            await SqlAsync(store, "DELETE FROM audit_log WHERE sequence < 3");
            var headless = await log.VerifyAsync();

            Assert.Equal((false, 4L, 0L), (headless.Intact, headless.BrokenAt, headless.Entries));
            Assert.Contains("the entries before 4 are missing", headless.Problem, StringComparison.Ordinal);

            // A gap in sequence numbers (as an identity column leaves on PostgreSQL) is not tampering.
            await SqlAsync(store, "DELETE FROM audit_log");
            var restarted = await AppendSomeAsync(log, 2);
            await using (var db = store.CreateContext())
            {
                var at = AuditLog.ToStoredTime(_time.GetUtcNow());
                db.AuditLog.Add(new AuditRow
                {
                    Sequence = 12, At = at, Actor = "older-node", Action = "case.claimed", Subject = "case:3", Data = "{}",
                    PreviousHash = restarted[1].Hash,
                    Hash = AuditLog.ComputeHash(12, at, "older-node", "case.claimed", "case:3", "{}", restarted[1].Hash),
                });
                await db.SaveChangesAsync();
            }

            var next = await log.AppendAsync("system", "case.escalated", "case:3");

            Assert.Equal([1L, 2L, 13L], [restarted[0].Sequence, restarted[1].Sequence, next.Sequence]);
            Assert.Equal(new AuditVerification(true, 4, next.Hash, null, null), await log.VerifyAsync());
        });
    }

    [Fact]
    public async Task The_audit_verifier_finds_two_entries_swapped_by_contents_or_by_sequence_numbers()
    {
        await OnFreshDatabaseAsync(async store =>
        {
            var log = new AuditLog(store);
            var entries = await AppendSomeAsync(log, 5);

            await SwapContentsAsync(store, 3, 4);
            var swapped = await log.VerifyAsync();

            Assert.Equal((false, 3L, 2L), (swapped.Intact, swapped.BrokenAt, swapped.Entries));
            Assert.StartsWith("entry 3 was edited, moved or replaced", swapped.Problem, StringComparison.Ordinal);

            await SwapContentsAsync(store, 3, 4);
            Assert.True((await log.VerifyAsync()).Intact);

            await SqlAsync(store, "UPDATE audit_log SET sequence = -4 WHERE sequence = 4");
            await SqlAsync(store, "UPDATE audit_log SET sequence = 4 WHERE sequence = 3");
            await SqlAsync(store, "UPDATE audit_log SET sequence = 3 WHERE sequence = -4");
            var reordered = await log.VerifyAsync();

            Assert.Equal((false, 3L), (reordered.Intact, reordered.BrokenAt));
            Assert.Equal(entries[3].Hash, (await ToListAsync(log.ReadAsync(2))).First().Hash);
        });
    }

    [Fact]
    public async Task Concurrent_audit_appends_never_fork_the_chain()
    {
        await OnFreshDatabaseAsync(async store =>
        {
            var log = new AuditLog(store);

            await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
            {
                for (var i = 0; i < 25; i++)
                {
                    await log.AppendAsync($"writer-{writer}", "evidence.viewed", $"content:item-{i}", $$"""{"writer": {{writer}}, "i": {{i}}}""");
                }
            })));
            var entries = await ToListAsync(log.ReadAsync());
            var verification = await log.VerifyAsync();

            Assert.Equal((true, 200L, entries[^1].Hash), (verification.Intact, verification.Entries, verification.LastHash));
            Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), entries.Select(e => e.Sequence));
            Assert.Equal(200, entries.Select(e => e.PreviousHash).Distinct().Count());
            Assert.All(Enumerable.Range(0, 8), w => Assert.Equal(25, entries.Count(e => e.Actor == $"writer-{w}")));
        });
    }

    [Fact]
    public async Task Bad_audit_entries_are_refused_and_nothing_is_appended()
    {
        await OnFreshDatabaseAsync(async store =>
        {
            var log = new AuditLog(store);
            Func<Task>[] bad =
            [
                () => log.AppendAsync("a", "case.decided", "case:1", "not json"),
                () => log.AppendAsync("a", "case.decided", "case:1", "[1, 2]"),
                () => log.AppendAsync("a", "case.decided", "case:1", "\"text\""),
                () => log.AppendAsync("a", "case.decided", "case:1", "{\"a\": 1} trailing"),
                () => log.AppendAsync(new string('a', AuditLog.MaxActorLength + 1), "case.decided", "case:1"),
                () => log.AppendAsync("a", new string('a', AuditLog.MaxActionLength + 1), "case:1"),
                () => log.AppendAsync("a", "case.decided", new string('a', AuditLog.MaxSubjectLength + 1)),
                () => log.AppendAsync("", "case.decided", "case:1"),
                () => log.AppendAsync("a", " ", "case:1"),
                () => log.AppendAsync("a\tb", "case.decided", "case:1"),
                () => log.AppendAsync("a", "case.decided", "case:1\n"),
                () => log.AppendAsync("a\ud800", "case.decided", "case:1"),
            ];

            foreach (var call in bad)
            {
                Assert.Equal(BankStoreError.Invalid, (await Assert.ThrowsAsync<BankStoreException>(call)).Error);
            }

            var notAnObject = await Assert.ThrowsAsync<BankStoreException>(() => log.AppendAsync("a", "b", "c", "[1]"));
            Assert.Contains("must be a JSON object", notAnObject.Message, StringComparison.Ordinal);
            Assert.Empty(await ToListAsync(log.ReadAsync()));
            Assert.Equal(
                new string('a', AuditLog.MaxActorLength),
                (await log.AppendAsync(new string('a', AuditLog.MaxActorLength), "case.decided", "case:1")).Actor);
        });
    }

    [Fact]
    public async Task An_anchor_kept_elsewhere_finds_the_newest_entries_deleted()
    {
        await OnFreshDatabaseAsync(async store =>
        {
            var log = new AuditLog(store);
            var entries = await AppendSomeAsync(log, 4);
            var anchor = (await log.VerifyAsync()).LastHash!;

            await log.AppendAsync("system", "case.escalated", "case:9");
            Assert.True((await log.VerifyAsync(anchor.ToUpperInvariant())).Intact);

            // Deleting the newest entries leaves a valid chain: only the anchor shows it.
            await SqlAsync(store, "DELETE FROM audit_log WHERE sequence >= 3");
            var shortened = await log.VerifyAsync();
            var anchored = await log.VerifyAsync(anchor);

            Assert.Equal(new AuditVerification(true, 2, entries[1].Hash, null, null), shortened);
            Assert.Equal((false, 2L, (long?)null), (anchored.Intact, anchored.Entries, anchored.BrokenAt));
            Assert.StartsWith($"no entry has the anchor hash {anchor}", anchored.Problem, StringComparison.Ordinal);
            Assert.Equal(BankStoreError.Invalid, (await Assert.ThrowsAsync<BankStoreException>(() => log.VerifyAsync("abc"))).Error);
        });
    }

    [Fact]
    public async Task An_audit_entry_written_in_a_callers_transaction_commits_or_rolls_back_with_it_and_is_chained_once_sealed()
    {
        await OnFreshDatabaseAsync(async store =>
        {
            var log = new AuditLog(store);
            await log.AppendAsync("system", "first", "log:1");

            await using (var db = store.CreateContext())
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                db.AuditLog.Add(AuditLog.Unsealed(store.Time.GetUtcNow(), "reviewer", "case.decided", "case:1", null));
                await db.SaveChangesAsync();
                await transaction.RollbackAsync();
            }

            await using (var db = store.CreateContext())
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                db.AuditLog.Add(AuditLog.Unsealed(store.Time.GetUtcNow(), "reviewer", "case.decided", "case:2", null));
                db.AuditLog.Add(AuditLog.Unsealed(store.Time.GetUtcNow(), "system", "content.removed", "content:x", null));
                await db.SaveChangesAsync();
                await transaction.CommitAsync();
            }

            Assert.Equal(2, await log.UnsealedAsync());
            var entries = await ToListAsync(log.ReadAsync()); // a read seals first
            Assert.Equal(0, await log.UnsealedAsync());
            Assert.Equal(["log:1", "case:2", "content:x"], entries.Select(e => e.Subject));
            Assert.Equal([1L, 2L, 3L], entries.Select(e => e.Sequence));
            Assert.Equal(entries[1].Hash, entries[2].PreviousHash);
            Assert.True((await log.VerifyAsync()).Intact);
        });
    }

    /// <summary>Runs <paramref name="test"/> on a store of its own, on this class's provider, deleted afterwards.</summary>
    private async Task OnFreshDatabaseAsync(Func<BankStore, Task> test)
    {
        if (database.Options.UsesPostgres)
        {
            var fresh = new PostgresDatabase();
            await fresh.InitializeAsync();
            try
            {
                await using var store = await BankStore.OpenAsync(fresh.Options, _time);
                await test(store);
            }
            finally
            {
                await fresh.DisposeAsync();
            }
        }
        else
        {
            using var fresh = new SqliteDatabase();
            await using var store = await BankStore.OpenAsync(fresh.Options, _time);
            await test(store);
        }
    }

    private static async Task<List<AuditEntry>> AppendSomeAsync(AuditLog log, int count)
    {
        var entries = new List<AuditEntry>();
        for (var i = 1; i <= count; i++)
        {
            entries.Add(await log.AppendAsync("ops-key", "report.received", $"content:post-{i}", $$"""{"report_id": {{i}}}"""));
        }

        return entries;
    }

    /// <summary>Tampers with the database directly (<c>{0}</c>, <c>{1}</c>… are parameters).</summary>
    private static async Task SqlAsync(BankStore store, string sql, params object[] parameters)
    {
        await using var db = store.CreateContext();
        await db.Database.ExecuteSqlRawAsync(sql, parameters);
    }

    /// <summary>Exchanges everything but the sequence numbers of two entries.</summary>
    private static async Task SwapContentsAsync(BankStore store, long first, long second)
    {
        await using var db = store.CreateContext();
        var a = await db.AuditLog.SingleAsync(e => e.Sequence == first);
        var b = await db.AuditLog.SingleAsync(e => e.Sequence == second);
        (a.At, b.At) = (b.At, a.At);
        (a.Actor, b.Actor) = (b.Actor, a.Actor);
        (a.Action, b.Action) = (b.Action, a.Action);
        (a.Subject, b.Subject) = (b.Subject, a.Subject);
        (a.Data, b.Data) = (b.Data, a.Data);
        (a.PreviousHash, b.PreviousHash) = (b.PreviousHash, a.PreviousHash);
        (a.Hash, b.Hash) = (b.Hash, a.Hash);
        await db.SaveChangesAsync();
    }

    /// <summary>The documented serialization, written out independently of <see cref="AuditLog.ComputeHash(AuditEntry)"/>.</summary>
    private static string RecomputeByHand(AuditEntry e)
    {
        var bytes = new List<byte>();
        foreach (var field in new[]
        {
            "aegis-audit-v1", e.Sequence.ToString(CultureInfo.InvariantCulture),
            e.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'+00:00'", CultureInfo.InvariantCulture),
            e.Actor, e.Action, e.Subject, e.Data, e.PreviousHash,
        })
        {
            var utf8 = Encoding.UTF8.GetBytes(field);
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, utf8.Length);
            bytes.AddRange(length);
            bytes.AddRange(utf8);
        }

        return Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray()));
    }
}
