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

    private Task<BankStore> OpenAsync() => BankStore.OpenAsync(database.Options, _time);

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

    private static async Task<List<BankChange>> ChangesOfAsync(BankStore store, string bank, long after = 0) =>
        (await ToListAsync(store.ReadChangesAsync(after))).Where(c => c.Bank == bank).ToList();

    private void Log(string message) => output.WriteLine($"[{(database.Options.UsesPostgres ? "postgres" : "sqlite")}] {message}");
}
