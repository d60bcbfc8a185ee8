using Aegis.Storage.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Aegis.Storage.Tests;

/// <summary>The audit log's chain on each provider, each test on a fresh database (tampering must not touch others).</summary>
public abstract class AuditLogTests(ITestOutputHelper output)
{
    protected abstract Task<(StorageOptions Options, IAsyncDisposable Database)> CreateAsync();

    [Fact]
    public async Task An_edited_a_deleted_and_a_swapped_entry_are_each_found()
    {
        var (options, database) = await CreateAsync();
        await using (database)
        {
            await using var store = await BankStore.OpenAsync(options);
            var log = new AuditLog(store);
            Assert.True((await log.VerifyAsync()).Intact);
            for (var i = 1; i <= 8; i++)
            {
                await log.AppendAsync("reviewer-ana", "case.decided", $"case:{i}", $$"""{"n":{{i}}}""");
            }

            var entries = await ToListAsync(log.ReadAsync());
            var intact = await log.VerifyAsync();
            Assert.Equal((true, 8L, entries[^1].Hash), (intact.Intact, intact.Entries, intact.LastHash));

            // Edited: entry 3's data.
            await SetDataAsync(store, entries[2].Sequence, """{"n":33}""");
            var edited = await log.VerifyAsync();
            Assert.Equal((false, entries[2].Sequence), (edited.Intact, edited.BrokenAt));
            Assert.Contains("edited", edited.Problem);
            await SetDataAsync(store, entries[2].Sequence, """{"n":3}""");
            Assert.True((await log.VerifyAsync()).Intact);

            // Swapped: entries 5 and 6 exchange every field but their sequence numbers.
            var (a, b) = (entries[4], entries[5]);
            await SetAsync(store, a.Sequence, b);
            await SetAsync(store, b.Sequence, a);
            var swapped = await log.VerifyAsync();
            Assert.Equal((false, a.Sequence), (swapped.Intact, swapped.BrokenAt));
            await SetAsync(store, a.Sequence, a);
            await SetAsync(store, b.Sequence, b);
            Assert.True((await log.VerifyAsync()).Intact);

            // Deleted: entry 4; the break shows at entry 5.
            await ExecuteAsync(store, $"DELETE FROM audit_log WHERE sequence = {entries[3].Sequence}");
            var deleted = await log.VerifyAsync();
            Assert.Equal((false, entries[4].Sequence), (deleted.Intact, deleted.BrokenAt));
            Assert.Contains("missing", deleted.Problem);
            output.WriteLine(deleted.Problem);
        }
    }

    [Fact]
    public async Task Concurrent_appends_never_fork_the_chain_and_bad_entries_are_refused()
    {
        var (options, database) = await CreateAsync();
        await using (database)
        {
            await using var store = await BankStore.OpenAsync(options);
            var log = new AuditLog(store);

            await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(async () =>
            {
                for (var i = 0; i < 25; i++)
                {
                    await log.AppendAsync($"node-{t}", "content.restricted", $"content:{t}-{i}");
                }
            })));

            var result = await log.VerifyAsync();
            Assert.Equal((true, 200L), (result.Intact, result.Entries));
            Assert.Equal(BankStoreError.Invalid, (await Assert.ThrowsAsync<BankStoreException>(() => log.AppendAsync("a", "b", "c", "[1]"))).Error);
            Assert.Equal(BankStoreError.Invalid, (await Assert.ThrowsAsync<BankStoreException>(() => log.AppendAsync("a", "b", "c", "not json"))).Error);
            Assert.Equal(BankStoreError.Invalid, (await Assert.ThrowsAsync<BankStoreException>(() => log.AppendAsync(new string('x', 257), "b", "c"))).Error);
        }
    }

    private static async Task SetAsync(BankStore store, long sequence, AuditEntry from)
    {
        await using var db = store.CreateContext();
        await db.AuditLog.Where(r => r.Sequence == sequence).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.At, from.At).SetProperty(r => r.Actor, from.Actor).SetProperty(r => r.Action, from.Action)
            .SetProperty(r => r.Subject, from.Subject).SetProperty(r => r.Data, from.Data)
            .SetProperty(r => r.PreviousHash, from.PreviousHash).SetProperty(r => r.Hash, from.Hash));
    }

    private static async Task SetDataAsync(BankStore store, long sequence, string data)
    {
        await using var db = store.CreateContext();
        await db.Database.ExecuteSqlRawAsync("UPDATE audit_log SET data = {0} WHERE sequence = {1}", data, sequence);
    }

    private static async Task ExecuteAsync(BankStore store, string sql)
    {
        await using var db = store.CreateContext();
        await db.Database.ExecuteSqlRawAsync(sql);
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }
}

public sealed class SqliteAuditLogTests(ITestOutputHelper output) : AuditLogTests(output)
{
    protected override Task<(StorageOptions, IAsyncDisposable)> CreateAsync()
    {
        var database = new SqliteDatabase();
        return Task.FromResult<(StorageOptions, IAsyncDisposable)>((database.Options, new Disposer(database.Dispose)));
    }

    private sealed class Disposer(Action dispose) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            dispose();
            return ValueTask.CompletedTask;
        }
    }
}

public sealed class PostgresAuditLogTests(ITestOutputHelper output) : AuditLogTests(output)
{
    protected override async Task<(StorageOptions, IAsyncDisposable)> CreateAsync()
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        return (database.Options, new Disposer(database));
    }

    private sealed class Disposer(PostgresDatabase database) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await database.DisposeAsync();
    }
}
