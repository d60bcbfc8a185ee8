namespace Aegis.Hashing.Memory;

/// <summary>
/// The bytes that decoding may hold at once on a node, shared by every upload: each reserves what its header says it
/// will need before allocating any of it, waits its turn (first come, first served) while others hold the budget, and
/// gives its share back when done. A request still waiting after <see cref="Wait"/> is refused, and one larger than the
/// whole budget is refused at once: a burst of large images waits or is turned away instead of exhausting memory.
/// Thread-safe.
/// </summary>
public sealed class DecodeBudget
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _queue = new();
    private readonly TimeProvider _time;
    private long _available;

    /// <param name="capacityBytes">The budget.</param>
    /// <param name="wait">How long a request may wait for its share before it is refused; zero refuses at once.</param>
    /// <param name="time">The clock the wait is measured on (<see cref="TimeProvider.System"/> when null).</param>
    public DecodeBudget(long capacityBytes, TimeSpan wait, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacityBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero);
        CapacityBytes = capacityBytes;
        Wait = wait;
        _time = time ?? TimeProvider.System;
        _available = capacityBytes;
    }

    public long CapacityBytes { get; }

    public TimeSpan Wait { get; }

    /// <summary>The bytes not held by any lease now.</summary>
    public long AvailableBytes
    {
        get
        {
            lock (_lock)
            {
                return _available;
            }
        }
    }

    /// <summary>The requests waiting now.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>
    /// Reserves <paramref name="bytes"/>: at once if they are free and no one is waiting, else after the requests ahead
    /// of it. Dispose the lease to give them back.
    /// </summary>
    /// <exception cref="DecodeBudgetException">More than the whole budget (at once), or not free within <see cref="Wait"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled while waiting.</exception>
    public async ValueTask<DecodeLease> ReserveAsync(long bytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (bytes == 0)
        {
            return DecodeLease.None;
        }

        if (bytes > CapacityBytes)
        {
            throw new DecodeBudgetException(
                $"Decoding it needs {bytes:N0} bytes of memory, more than this node's whole decode budget of {CapacityBytes:N0} bytes.",
                tooLarge: true,
                retryAfter: null);
        }

        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_lock)
        {
            if (_queue.Count == 0 && _available >= bytes)
            {
                _available -= bytes;
                return new DecodeLease(this, bytes);
            }

            waiter = new Waiter(this, bytes);
            if (Wait > TimeSpan.Zero)
            {
                waiter.Node = _queue.AddLast(waiter);
            }
        }

        if (waiter.Node is null)
        {
            throw waiter.Busy();
        }

        using var timer = _time.CreateTimer(static w => ((Waiter)w!).TimeOut(), waiter, Wait, Timeout.InfiniteTimeSpan);
        await using var cancelling = cancellationToken.UnsafeRegister(static (w, token) => ((Waiter)w!).Cancel(token), waiter);
        return await waiter.Granted.Task.ConfigureAwait(false);
    }

    /// <summary>Gives <paramref name="bytes"/> back and hands them to the waiting requests that now fit, in order.</summary>
    internal void Release(long bytes)
    {
        List<Waiter>? granted;
        lock (_lock)
        {
            _available += bytes;
            granted = GrantInOrder();
        }

        Complete(granted);
    }

    /// <summary>Under the lock: takes the requests at the head of the queue that fit now, and their bytes.</summary>
    private List<Waiter>? GrantInOrder()
    {
        List<Waiter>? granted = null;
        while (_queue.First is { } head && head.Value.Bytes <= _available)
        {
            _available -= head.Value.Bytes;
            _queue.RemoveFirst();
            (granted ??= []).Add(head.Value);
        }

        return granted;
    }

    private void Complete(List<Waiter>? granted)
    {
        foreach (var waiter in granted ?? [])
        {
            waiter.Granted.SetResult(new DecodeLease(this, waiter.Bytes));
        }
    }

    /// <summary>Takes <paramref name="waiter"/> out of the queue if it is still there; the one that does completes it.</summary>
    private bool Withdraw(Waiter waiter)
    {
        List<Waiter>? granted;
        lock (_lock)
        {
            if (waiter.Node?.List is null)
            {
                return false; // granted, timed out or cancelled already
            }

            // A request at the head may have been what held back smaller ones behind it.
            var wasHead = _queue.First == waiter.Node;
            _queue.Remove(waiter.Node);
            granted = wasHead ? GrantInOrder() : null;
        }

        Complete(granted);
        return true;
    }

    private sealed class Waiter(DecodeBudget budget, long bytes)
    {
        public long Bytes { get; } = bytes;

        public LinkedListNode<Waiter>? Node { get; set; }

        /// <summary>Continuations run on the thread pool, never inside a caller's <see cref="Release"/>.</summary>
        public TaskCompletionSource<DecodeLease> Granted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void TimeOut()
        {
            if (budget.Withdraw(this))
            {
                Granted.SetException(Busy());
            }
        }

        /// <summary>The refusal: try again after as long as this request waited (at least a second).</summary>
        public DecodeBudgetException Busy()
        {
            var retry = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(budget.Wait.TotalSeconds)));
            return new DecodeBudgetException(
                $"This node is decoding other uploads: the {Bytes:N0} bytes of memory this one needs did not come free within {budget.Wait.TotalSeconds:N0} s. Retry in {retry.TotalSeconds:N0} s.",
                tooLarge: false,
                retryAfter: retry);
        }

        public void Cancel(CancellationToken token)
        {
            if (budget.Withdraw(this))
            {
                Granted.SetCanceled(token);
            }
        }
    }
}
