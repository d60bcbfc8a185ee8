namespace Aegis.Matching.Content;

/// <summary>
/// The references on a segment or tail: one held by the state that owns it, one more per search reading it. Once the
/// count falls to zero no reference can be taken again, so memory freed (or a file unmapped) is never read.
/// </summary>
internal static class ReferenceCount
{
    /// <summary>Takes a reference unless the count has fallen to zero.</summary>
    public static bool TryAcquire(ref int count)
    {
        var seen = Volatile.Read(ref count);
        while (seen > 0)
        {
            var previous = Interlocked.CompareExchange(ref count, seen + 1, seen);
            if (previous == seen)
            {
                return true;
            }

            seen = previous;
        }

        return false;
    }

    /// <summary>Drops a reference; true for the last one (the caller frees).</summary>
    public static bool Release(ref int count) => Interlocked.Decrement(ref count) == 0;
}
