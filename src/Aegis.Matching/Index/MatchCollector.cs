namespace Aegis.Matching.Index;

/// <summary>Gathers matches of one lookup, dropping removed slots and slots already found through another chunk.</summary>
internal ref struct MatchCollector(List<PdqMatch> results, ReadOnlySpan<int> removed)
{
    private readonly ReadOnlySpan<int> _removed = removed;
    private int _start = results.Count;
    private List<int>? _slots;

    public readonly int Found => results.Count - _start;

    public void Add(int slot, int key, int distance)
    {
        _slots ??= [];
        if (_slots.Contains(slot) || (!_removed.IsEmpty && _removed.BinarySearch(slot) >= 0))
        {
            return;
        }

        _slots.Add(slot);
        results.Add(new PdqMatch(key, distance));
    }
}
