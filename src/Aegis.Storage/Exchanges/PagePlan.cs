using Aegis.Core.Exchanges;
using Aegis.Matching.Banks;

namespace Aegis.Storage;

/// <summary>
/// What one page of an exchange does to its bank, worked out in memory from what the page's records and the entries
/// they touch now are (read set-based by <see cref="ExchangeStore"/>): each record's hashes become entries held by it
/// (added when new; an exchange's entry held by no record any more is enabled again), the hashes it no longer lists lose
/// it (an exchange's entry held by no record is disabled), and an entry shows the provenance of one record holding it
/// (updated when that record's changes). An entry a person, an import or a case added is never taken over: a record
/// listing its hash holds it without changing it. Applying the same page twice plans nothing the second time.
/// </summary>
internal sealed class PagePlan
{
    private readonly int _exchangeId;
    private readonly IReadOnlyDictionary<int, string> _exchangeNames;
    private readonly string? _listing;
    private readonly Dictionary<(SignalType, string), Entry> _entries = [];
    private readonly Dictionary<Entry, List<Holder>> _holders = [];
    private readonly Dictionary<string, List<Holder>> _byKey = new(StringComparer.Ordinal);

    private PagePlan(int exchangeId, IReadOnlyDictionary<int, string> exchangeNames, string? listing)
    {
        _exchangeId = exchangeId;
        _exchangeNames = exchangeNames;
        _listing = listing;
    }

    /// <summary>Entries to insert (their ids are set once inserted).</summary>
    public List<Entry> NewEntries { get; } = [];

    /// <summary>Existing entries that change, with the change-feed kind of each.</summary>
    public List<(Entry Entry, BankChangeKind Kind)> ChangedEntries { get; } = [];

    /// <summary>Records newly holding an entry.</summary>
    public List<Holder> NewHolders { get; } = [];

    /// <summary>Holders whose provenance or listing changed.</summary>
    public List<Holder> UpdatedHolders { get; } = [];

    /// <summary>Holders gone (their records deleted, or no longer listing the hash).</summary>
    public List<long> DeletedHolders { get; } = [];

    /// <summary>Records read; entries added (or enabled again), updated and removed, once inserts are known.</summary>
    public ExchangeCounts Counts { get; private set; }

    /// <summary>Plans a page.</summary>
    /// <param name="exchangeId">The exchange.</param>
    /// <param name="exchangeNames">Every exchange's name by id (an entry's list is its holder's exchange).</param>
    /// <param name="listing">The page's listing, if it is part of one.</param>
    /// <param name="records">The page's records, one per key.</param>
    /// <param name="entries">The bank's entries for the records' hashes, and the entries their records hold now.</param>
    /// <param name="holders">Every holder (of any exchange) of those entries.</param>
    /// <param name="recordsRead">The records the exchange gave (for the counts; a listing's sweep adds deletions of its own).</param>
    public static PagePlan Make(
        int exchangeId, IReadOnlyDictionary<int, string> exchangeNames, string? listing, IReadOnlyList<PageRecord> records, IEnumerable<Entry> entries, IEnumerable<Holder> holders, int recordsRead)
    {
        var plan = new PagePlan(exchangeId, exchangeNames, listing);
        foreach (var entry in entries)
        {
            plan._entries[(entry.Type, entry.Value)] = entry;
            plan._holders[entry] = [];
        }

        foreach (var holder in holders)
        {
            plan._holders[holder.Entry].Add(holder);
            if (holder.ExchangeId == exchangeId)
            {
                plan.KeyHolders(holder.Key).Add(holder);
            }
        }

        var lost = new HashSet<Entry>();
        foreach (var record in records)
        {
            plan.Apply(record, lost);
        }

        plan.Settle(lost);
        plan.Diff(recordsRead);
        return plan;
    }

    /// <summary>Counts the new entries actually inserted (another writer may have added a hash between the read and the insert).</summary>
    public void Inserted(long inserted) => Counts = Counts with { Added = Counts.Added + inserted };

    private void Apply(PageRecord record, HashSet<Entry> lost)
    {
        var current = KeyHolders(record.Key);
        var kept = new HashSet<Holder>();
        foreach (var signal in record.Signals)
        {
            var entry = EntryFor(signal, record);
            var holder = current.FirstOrDefault(h => h.Entry == entry);
            if (holder is not null)
            {
                if (holder.Differs(record, _listing))
                {
                    holder.Set(record, _listing);
                    if (holder.Id != 0 && !UpdatedHolders.Contains(holder))
                    {
                        UpdatedHolders.Add(holder);
                    }
                }

                if (entry.ExchangeId == _exchangeId && entry.RecordKey == record.Key)
                {
                    entry.Show(_exchangeId, _exchangeNames[_exchangeId], record.Key, record.ExternalId ?? record.Key, record.Member, record.Category);
                }
            }
            else
            {
                var wasHeld = _holders[entry].Count > 0;
                holder = new Holder(0, _exchangeId, record.Key, entry);
                holder.Set(record, _listing);
                _holders[entry].Add(holder);
                current.Add(holder);
                NewHolders.Add(holder);
                if (entry.ExchangeId is not null && !wasHeld && entry.Id != 0)
                {
                    // An exchange's entry that no record held (it was disabled as gone) is listed again.
                    entry.Enabled = true;
                    entry.Show(_exchangeId, _exchangeNames[_exchangeId], record.Key, record.ExternalId ?? record.Key, record.Member, record.Category);
                }
            }

            kept.Add(holder);
        }

        foreach (var gone in current.Where(h => !kept.Contains(h)).ToList())
        {
            current.Remove(gone);
            _holders[gone.Entry].Remove(gone);
            if (gone.Id != 0)
            {
                DeletedHolders.Add(gone.Id);
            }
            else
            {
                NewHolders.Remove(gone);
            }

            lost.Add(gone.Entry);
        }
    }

    /// <summary>An exchange's entry held by no record is disabled; one whose shown record let go shows another holder's.</summary>
    private void Settle(HashSet<Entry> lost)
    {
        foreach (var entry in lost.Where(e => e.ExchangeId is not null))
        {
            var holders = _holders[entry];
            if (holders.Count == 0)
            {
                entry.Enabled = false;
            }
            else if (!holders.Any(h => h.ExchangeId == entry.ExchangeId && h.Key == entry.RecordKey))
            {
                var next = holders[0];
                entry.Show(next.ExchangeId, _exchangeNames.GetValueOrDefault(next.ExchangeId, entry.List ?? ""), next.Key, next.ExternalId ?? next.Key, next.Member, next.Category);
            }
        }
    }

    private void Diff(int records)
    {
        long added = 0, updated = 0, removed = 0;
        foreach (var entry in _entries.Values.Where(e => e.Id != 0))
        {
            if (entry.Enabled != entry.WasEnabled)
            {
                ChangedEntries.Add((entry, entry.Enabled ? BankChangeKind.EntryEnabled : BankChangeKind.EntryDisabled));
                if (entry.Enabled)
                {
                    added++;
                }
                else
                {
                    removed++;
                }
            }
            else if (entry.ProvenanceChanged)
            {
                ChangedEntries.Add((entry, BankChangeKind.EntryUpdated));
                updated++;
            }
        }

        ChangedEntries.Sort((a, b) => a.Entry.Id.CompareTo(b.Entry.Id));
        Counts = new ExchangeCounts(records, added, updated, removed);
    }

    private Entry EntryFor(PageSignal signal, PageRecord record)
    {
        if (_entries.TryGetValue((signal.Type, signal.Value), out var entry))
        {
            return entry;
        }

        entry = Entry.New(signal, _exchangeId, _exchangeNames[_exchangeId], record);
        _entries[(signal.Type, signal.Value)] = entry;
        _holders[entry] = [];
        NewEntries.Add(entry);
        return entry;
    }

    private List<Holder> KeyHolders(string key)
    {
        if (!_byKey.TryGetValue(key, out var list))
        {
            _byKey[key] = list = [];
        }

        return list;
    }

    /// <summary>A bank entry as read (or to be inserted: <see cref="Id"/> 0 until it is), changed in place by the plan.</summary>
    internal sealed class Entry
    {
        private (int? ExchangeId, string? List, string? RecordKey, string? ExternalId, string? Member, string? Category) _shown;

        public Entry(long id, SignalType type, string value, bool enabled, int? exchangeId, string? list, string? recordKey, string? externalId, string? member, string? category)
        {
            (Id, Type, Value, Enabled, WasEnabled) = (id, type, value, enabled, enabled);
            _shown = (exchangeId, list, recordKey, externalId, member, category);
            Original = _shown;
        }

        public long Id { get; set; }

        public SignalType Type { get; }

        public string Value { get; }

        /// <summary>For a new vPDQ entry, its signal.</summary>
        public string? Signal { get; private init; }

        public bool Enabled { get; set; }

        public bool WasEnabled { get; }

        public int? ExchangeId => _shown.ExchangeId;

        public string? List => _shown.List;

        public string? RecordKey => _shown.RecordKey;

        public string? ExternalId => _shown.ExternalId;

        public string? Member => _shown.Member;

        public string? Category => _shown.Category;

        public bool ProvenanceChanged => _shown != Original;

        private (int?, string?, string?, string?, string?, string?) Original { get; }

        public static Entry New(PageSignal signal, int exchangeId, string exchangeName, PageRecord record) =>
            new(0, signal.Type, signal.Value, true, exchangeId, exchangeName, record.Key, record.ExternalId ?? record.Key, record.Member, record.Category) { Signal = signal.Signal };

        public void Show(int exchangeId, string list, string recordKey, string externalId, string? member, string? category) =>
            _shown = (exchangeId, list, recordKey, externalId, member, category);
    }

    /// <summary>One record of an exchange holding one entry (a row of <c>exchange_records</c>; <see cref="Id"/> 0 until inserted).</summary>
    internal sealed class Holder(long id, int exchangeId, string key, Entry entry)
    {
        public long Id { get; } = id;

        public int ExchangeId { get; } = exchangeId;

        public string Key { get; } = key;

        public Entry Entry { get; } = entry;

        public string? ExternalId { get; set; }

        public string? Member { get; set; }

        public string? Category { get; set; }

        public string? Listing { get; set; }

        public bool Differs(PageRecord record, string? listing) =>
            ExternalId != record.ExternalId || Member != record.Member || Category != record.Category || (listing is not null && Listing != listing);

        public void Set(PageRecord record, string? listing)
        {
            (ExternalId, Member, Category) = (record.ExternalId, record.Member, record.Category);
            Listing = listing ?? Listing;
        }
    }
}
