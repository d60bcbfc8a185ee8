using Aegis.Matching.Banks;

namespace Aegis.Matching.Matching;

/// <summary>
/// Immutable: the banks by small ordinal, and which bank each entry key belongs to (2 bytes an
/// entry, indexed by entry id). Changes copy what they touch and are published whole.
/// </summary>
internal sealed class BankTable
{
    private readonly Bank[] _banks;
    private readonly ushort[] _bankOfKey;

    private BankTable(Bank[] banks, ushort[] bankOfKey)
    {
        _banks = banks;
        _bankOfKey = bankOfKey;
        MaxPdqThreshold = banks.Where(b => b.Enabled).Select(b => b.PdqThreshold).DefaultIfEmpty(-1).Max();
    }

    public static BankTable Empty { get; } = new([], []);

    /// <summary>The widest PDQ threshold of the enabled banks; −1 when none is enabled.</summary>
    public int MaxPdqThreshold { get; }

    public Bank? BankOf(int key)
    {
        var ordinal = key < _bankOfKey.Length ? _bankOfKey[key] : (ushort)0;
        return ordinal == 0 ? null : _banks[ordinal - 1];
    }

    /// <summary>The bank named <paramref name="name"/>, or null when it is not loaded.</summary>
    public Bank? Find(string name) => Array.Find(_banks, b => b.Name == name);

    public BankTable With(Bank bank)
    {
        var index = Array.FindIndex(_banks, b => b.Name == bank.Name);
        if (index < 0 && _banks.Length == ushort.MaxValue - 1)
        {
            throw new InvalidOperationException($"At most {ushort.MaxValue - 1} banks.");
        }

        var banks = index >= 0 ? _banks.ToArray() : [.. _banks, bank];
        banks[index >= 0 ? index : banks.Length - 1] = bank;
        return new BankTable(banks, _bankOfKey);
    }

    /// <summary>
    /// Forgets which bank the entries <paramref name="keys"/> belong to, so that they match nothing from the next lookup
    /// on (a deleted bank's). The slots are cleared in place (a lookup already running may still see one) and the table
    /// is published anew.
    /// </summary>
    public BankTable Unassign(IEnumerable<int> keys)
    {
        foreach (var key in keys)
        {
            if (key < _bankOfKey.Length)
            {
                _bankOfKey[key] = 0;
            }
        }

        return new BankTable(_banks, _bankOfKey);
    }

    /// <summary>Records that entry <paramref name="key"/> belongs to bank <paramref name="bankName"/> (which must be known).</summary>
    public BankTable Assign(int key, string bankName)
    {
        var index = Array.FindIndex(_banks, b => b.Name == bankName);
        if (index < 0)
        {
            throw new InvalidOperationException($"Bank '{bankName}' is not loaded.");
        }

        var map = _bankOfKey;
        if (key >= map.Length)
        {
            map = new ushort[Math.Max(key + 1, map.Length * 2)];
            _bankOfKey.CopyTo(map, 0);
        }
        else if (map[key] == index + 1)
        {
            return this;
        }

        // Entries only ever join a bank once (ids are never reused; a deleted bank's leave for good, Unassign), so writing
        // a fresh slot in place is invisible to lookups that started earlier: they never ask for a key they could not see.
        map[key] = (ushort)(index + 1);
        return map == _bankOfKey ? this : new BankTable(_banks, map);
    }
}
