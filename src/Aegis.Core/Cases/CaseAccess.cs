namespace Aegis.Core.Cases;

/// <summary>What one reader may do with one case now (<see cref="QueueAccess.For"/>).</summary>
/// <param name="Queue">The queue the case waits in (null once it waits for nobody).</param>
/// <param name="CanRead">They may see it: it is in one of their queues, or they made a decision on it.</param>
/// <param name="CanAct">They may claim and decide it: in one of their queues, theirs to take, not claimed by another.</param>
/// <param name="Why">Why they may not read it, or, when they may read it only, why they may not act on it; null when they may act.</param>
public sealed record CaseAccess(ReviewQueue? Queue, bool CanRead, bool CanAct, string? Why);
