namespace Aegis.Exchanges.Tests.Support;

/// <summary>
/// What a bank would hold after applying a client's pages, as the store applies them: a record replaces the record of
/// its key, a deleted record removes it. The test side of the contract.
/// </summary>
internal sealed class BankMirror
{
    private readonly Dictionary<string, ExchangeRecord> _records = new(StringComparer.Ordinal);

    /// <summary>The last checkpoint applied.</summary>
    public string? Checkpoint { get; private set; }

    /// <summary>Pages applied.</summary>
    public int Pages { get; private set; }

    public IReadOnlyDictionary<string, ExchangeRecord> Records => _records;

    /// <summary>Every live (type, value) signal with its record's key, sorted: what the bank matches.</summary>
    public IReadOnlyList<string> Signals =>
        _records.Values.SelectMany(r => r.Signals.Select(s => $"{r.Key} {s.Type} {s.Value}")).Order(StringComparer.Ordinal).ToList();

    /// <summary>Applies one page (its records, then its checkpoint, as one transaction would).</summary>
    public void Apply(ExchangePage page)
    {
        var keys = page.Records.Select(r => r.Key).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        foreach (var record in page.Records)
        {
            if (record.Deleted)
            {
                _records.Remove(record.Key);
            }
            else
            {
                _records[record.Key] = record;
            }
        }

        Checkpoint = page.Checkpoint;
        Pages++;
    }

    /// <summary>Fetches and applies pages from <see cref="Checkpoint"/> until a page says there is no more.</summary>
    public async Task SyncAsync(IExchangeClient client, int maxPages = 1000)
    {
        for (var i = 0; i < maxPages; i++)
        {
            var page = await client.FetchAsync(Checkpoint, CancellationToken.None);
            Apply(page);
            if (!page.More)
            {
                return;
            }
        }

        Assert.Fail($"The client still had more after {maxPages} pages.");
    }

    /// <summary>Fetches and applies one page; returns it.</summary>
    public async Task<ExchangePage> StepAsync(IExchangeClient client)
    {
        var page = await client.FetchAsync(Checkpoint, CancellationToken.None);
        Apply(page);
        return page;
    }
}
