namespace Aegis.Hashing.Memory;

/// <summary>Bytes held from a <see cref="DecodeBudget"/>; disposing gives them back (once, however often it is called).</summary>
public sealed class DecodeLease : IDisposable
{
    private readonly DecodeBudget? _budget;
    private int _disposed;

    internal DecodeLease(DecodeBudget? budget, long bytes)
    {
        _budget = budget;
        Bytes = bytes;
    }

    /// <summary>A lease of nothing, for work that reserves no budget.</summary>
    public static DecodeLease None { get; } = new(null, 0);

    /// <summary>The bytes held.</summary>
    public long Bytes { get; }

    public void Dispose()
    {
        if (_budget is not null && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _budget.Release(Bytes);
        }
    }
}
