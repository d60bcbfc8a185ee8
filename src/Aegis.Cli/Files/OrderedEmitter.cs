namespace Aegis.Cli.Files;

/// <summary>Collects results finished in any order and hands them on in input order, one at a time.</summary>
internal sealed class OrderedEmitter<T>(int count, Action<T> emit)
    where T : class
{
    private readonly T?[] _pending = new T?[count];
    private readonly Lock _gate = new();
    private int _next;

    public void Complete(int index, T result)
    {
        lock (_gate)
        {
            _pending[index] = result;
            while (_next < _pending.Length && _pending[_next] is { } ready)
            {
                emit(ready);
                _pending[_next++] = null;
            }
        }
    }
}
