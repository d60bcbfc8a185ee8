namespace Aegis.Storage;

/// <summary>An exchange to configure (its settings and credentials checked against its API by the caller).</summary>
/// <param name="Name">Its name.</param>
/// <param name="Api">Its API.</param>
/// <param name="Settings">Its settings, a JSON object as text.</param>
/// <param name="Bank">The bank its hashes go to (it must exist).</param>
/// <param name="ScheduleMinutes">How often it is fetched.</param>
/// <param name="Enabled">Whether it is fetched (at once when true).</param>
/// <param name="Credentials">Its credentials, sealed by the caller, or null.</param>
public sealed record NewExchange(string Name, string Api, string Settings, string Bank, int ScheduleMinutes, bool Enabled, SealedSecret? Credentials);
