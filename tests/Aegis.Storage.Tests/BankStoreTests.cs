using Aegis.Matching.Banks;
using Aegis.Matching.Formats;
using Aegis.Storage.Tests.Support;
using Xunit.Abstractions;

namespace Aegis.Storage.Tests;

/// <summary>
/// The one storage suite; <see cref="SqliteBankStoreTests"/> and <see cref="PostgresBankStoreTests"/> run it against
/// each provider (as Dapper runs one abstract suite per provider). The tests of one class share a database, so each
/// makes its own banks.
/// </summary>
public abstract partial class BankStoreTests(IStoreDatabase database, ITestOutputHelper output)
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly ManualTimeProvider _time = new(Start);
    private readonly Random _random = new(20261101);

    /// <summary>
    /// The bank change feed's latest sequence when this test first opened the store: every change of the test's own banks
    /// comes after it, so <see cref="ChangesOfAsync"/> skips what earlier tests on the shared database wrote (an import test
    /// leaves 200,000 changes).
    /// </summary>
    private long? _changesBefore;

    private async Task<BankStore> OpenAsync()
    {
        var store = await BankStore.OpenAsync(database.Options, _time);
        _changesBefore ??= await store.LatestChangeAsync();
        return store;
    }

    /// <summary>A bank name no other test uses.</summary>
    private static string NewBankName(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private HashListRecord NewRecord(SignalType type = SignalType.Pdq) =>
        new(type, RandomRecords.Hex(_random, type), null, null, null, null, null);

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    /// <summary>The changes of <paramref name="bank"/> after <paramref name="after"/> (by default, all this test made).</summary>
    private async Task<List<BankChange>> ChangesOfAsync(BankStore store, string bank, long? after = null) =>
        (await ToListAsync(store.ReadChangesAsync(after ?? _changesBefore ?? 0))).Where(c => c.Bank == bank).ToList();

    private void Log(string message) => output.WriteLine($"[{(database.Options.UsesPostgres ? "postgres" : "sqlite")}] {message}");
}
