namespace Aegis.Cli.Hash;

/// <summary>Collects lines finished in any order and writes them in input order.</summary>
internal sealed class OrderedEmitter(int count, HashLineFormatter formatter, TextWriter output)
{
    private readonly HashLine?[] _pending = new HashLine?[count];
    private readonly Lock _gate = new();
    private int _next;

    /// <summary>Lines that reported an error so far.</summary>
    public int Failures { get; private set; }

    public void Complete(int index, HashLine line)
    {
        lock (_gate)
        {
            _pending[index] = line;
            while (_next < _pending.Length && _pending[_next] is { } ready)
            {
                output.WriteLine(formatter.Format(ready));
                if (ready.Error is not null)
                {
                    Failures++;
                }

                _pending[_next++] = null;
            }
        }
    }
}
