namespace Aegis.Storage;

/// <summary>
/// A node's hold on one exchange for one run: everything the run needs, and the token every write of the run is checked
/// against (a node whose lease ran out and was taken over writes nothing more).
/// </summary>
/// <param name="Id">The exchange's row id.</param>
/// <param name="Name">Its name.</param>
/// <param name="Api">Its API.</param>
/// <param name="Settings">Its settings (JSON text).</param>
/// <param name="Credentials">Its sealed credentials, or null.</param>
/// <param name="Bank">Its bank's name.</param>
/// <param name="ScheduleMinutes">How often it is fetched.</param>
/// <param name="Checkpoint">Where the run starts.</param>
/// <param name="Token">The claim's token.</param>
/// <param name="Node">The node holding it.</param>
/// <param name="ConsecutiveFailures">Failed runs in a row before this one.</param>
/// <param name="Failing">True when the platform was told it is failing.</param>
/// <param name="LastSuccessAt">When a run last succeeded.</param>
public sealed record ExchangeClaim(
    int Id, string Name, string Api, string Settings, SealedSecret? Credentials, string Bank, int ScheduleMinutes, string? Checkpoint, string Token, string Node,
    int ConsecutiveFailures, bool Failing, DateTimeOffset? LastSuccessAt);
