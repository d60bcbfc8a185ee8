using Aegis.Matching.Banks;

namespace Aegis.Storage.Tests;

public abstract partial class BankStoreTests
{
    [Fact]
    public async Task Creates_lists_and_gets_a_bank()
    {
        await using var store = await OpenAsync();
        var name = NewBankName("ncmec");

        var created = await store.CreateBankAsync(name, 20, BankAction.Hold, BankKind.Ordinary, "NCMEC hash sharing");

        var expected = new Bank(name, 20, BankAction.Hold, BankKind.Ordinary, true, "NCMEC hash sharing", Start);
        Assert.Equal(expected, created);
        Assert.Equal(expected, await store.GetBankAsync(name));
        var summary = Assert.Single(await store.ListBanksAsync(), s => s.Bank.Name == name);
        Assert.Equal(new BankSummary(expected, 0, 0), summary);
        Assert.Null(await store.GetBankAsync(NewBankName("missing")));
    }

    [Fact]
    public async Task Lists_banks_by_name()
    {
        await using var store = await OpenAsync();
        var prefix = NewBankName("order");
        await store.CreateBankAsync(prefix + "-b");
        await store.CreateBankAsync(prefix + "-a");
        await store.CreateBankAsync(prefix + "-c");

        var names = (await store.ListBanksAsync()).Select(s => s.Bank.Name).Where(n => n.StartsWith(prefix, StringComparison.Ordinal));

        Assert.Equal([prefix + "-a", prefix + "-b", prefix + "-c"], names);
    }

    [Fact]
    public async Task Updates_a_bank_and_writes_one_change_per_real_update()
    {
        await using var store = await OpenAsync();
        var name = NewBankName("update");
        await store.CreateBankAsync(name, description: "before");

        var updated = await store.UpdateBankAsync(name, new BankUpdate(10, BankAction.Flag, BankKind.Negative, Description: "after"));
        var unchanged = await store.UpdateBankAsync(name, new BankUpdate(PdqThreshold: 10));
        var cleared = await store.UpdateBankAsync(name, new BankUpdate(Description: ""));

        var expected = new Bank(name, 10, BankAction.Flag, BankKind.Negative, true, "after", Start);
        Assert.Equal(expected, updated);
        Assert.Equal(expected, unchanged);
        Assert.Equal(expected with { Description = null }, cleared);
        Assert.Equal(expected with { Description = null }, await store.GetBankAsync(name));
        Assert.Equal(
            [BankChangeKind.BankCreated, BankChangeKind.BankUpdated, BankChangeKind.BankUpdated],
            (await ChangesOfAsync(store, name)).Select(c => c.Kind));
    }

    [Fact]
    public async Task Disables_and_enables_a_bank()
    {
        await using var store = await OpenAsync();
        var name = NewBankName("toggle");
        await store.CreateBankAsync(name);

        Assert.False((await store.SetBankEnabledAsync(name, false)).Enabled);
        Assert.False((await store.GetBankAsync(name))!.Enabled);
        Assert.False(Assert.Single(await store.ListBanksAsync(), s => s.Bank.Name == name).Bank.Enabled);
        Assert.True((await store.SetBankEnabledAsync(name, true)).Enabled);
        Assert.True((await store.GetBankAsync(name))!.Enabled);
    }

    [Theory]
    [InlineData("", "1 to 64 characters")]
    [InlineData("has space", "has ' '")]
    [InlineData("slash/bank", "has '/'")]
    [InlineData("b\u00e4nk", "has '\u00e4'")]
    [InlineData("a123456789a123456789a123456789a123456789a123456789a123456789abcde", "1 to 64 characters")]
    public async Task Refuses_an_invalid_bank_name(string name, string why)
    {
        await using var store = await OpenAsync();

        var error = await Assert.ThrowsAsync<BankStoreException>(() => store.CreateBankAsync(name));

        Assert.Equal(BankStoreError.Invalid, error.Error);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(64)]
    public async Task Refuses_a_threshold_outside_0_to_63(int threshold)
    {
        await using var store = await OpenAsync();
        var name = NewBankName("threshold");

        var create = await Assert.ThrowsAsync<BankStoreException>(() => store.CreateBankAsync(name, threshold));
        await store.CreateBankAsync(name, 63);
        var update = await Assert.ThrowsAsync<BankStoreException>(() => store.UpdateBankAsync(name, new BankUpdate(threshold)));

        Assert.All([create, update], e => Assert.Equal(BankStoreError.Invalid, e.Error));
        Assert.Contains("between 0 and 63", create.Message, StringComparison.Ordinal);
        Assert.Equal(63, (await store.GetBankAsync(name))!.PdqThreshold);
    }

    [Fact]
    public async Task Refuses_a_second_bank_with_the_same_name()
    {
        await using var store = await OpenAsync();
        var name = NewBankName("twice");
        await store.CreateBankAsync(name);

        var error = await Assert.ThrowsAsync<BankStoreException>(() => store.CreateBankAsync(name, 5));

        Assert.Equal(BankStoreError.AlreadyExists, error.Error);
        Assert.Equal($"A bank named '{name}' already exists.", error.Message);
        Assert.Equal(Bank.DefaultPdqThreshold, (await store.GetBankAsync(name))!.PdqThreshold);
    }

    [Fact]
    public async Task Says_which_bank_does_not_exist()
    {
        await using var store = await OpenAsync();
        var name = NewBankName("nowhere");

        BankStoreException[] errors =
        [
            await Assert.ThrowsAsync<BankStoreException>(() => store.UpdateBankAsync(name, new BankUpdate(Enabled: false))),
            await Assert.ThrowsAsync<BankStoreException>(() => store.AddEntryAsync(name, NewRecord(), "tester")),
            await Assert.ThrowsAsync<BankStoreException>(() => store.ImportAsync(name, [NewRecord()], "tester")),
            await Assert.ThrowsAsync<BankStoreException>(() => ToListAsync(store.ReadEntriesAsync(name, false))),
        ];

        Assert.All(errors, e => Assert.Equal((BankStoreError.NotFound, $"There is no bank named '{name}'."), (e.Error, e.Message)));
    }
}
