namespace Aegis.Core.Cases;

/// <summary>Who reads the queue or a case: their name (as written in decisions and claims), role and queues.</summary>
/// <param name="Name">The reviewer's identity: a console user's name, or an API key's.</param>
/// <param name="Role">Their role.</param>
/// <param name="Queues">The queues they were given, or null for their role's default (<see cref="ReviewQueues.Default"/>).</param>
public sealed record QueueReader(string Name, ReaderRole Role, IReadOnlyCollection<ReviewQueue>? Queues = null)
{
    /// <summary>
    /// The queues they may work now: those given (or their role's default), less any their role may not work (a queue
    /// given before a change of role does not outlive it).
    /// </summary>
    public IReadOnlySet<ReviewQueue> Allowed
    {
        get
        {
            var permitted = ReviewQueues.Permitted(Role);
            return Queues is null ? ReviewQueues.Default(Role) : Queues.Where(permitted.Contains).ToHashSet();
        }
    }
}
