namespace Aegis.Storage;

/// <summary>What to change of an exchange; null leaves a field as it is.</summary>
/// <param name="Settings">New settings (a JSON object as text, checked by the caller).</param>
/// <param name="ScheduleMinutes">A new schedule.</param>
/// <param name="Enabled">Fetch it, or stop.</param>
/// <param name="ResetCheckpoint">True: the next fetch starts from the beginning (what is already in the bank is kept; records arriving again change nothing).</param>
public sealed record ExchangeUpdate(string? Settings = null, int? ScheduleMinutes = null, bool? Enabled = null, bool ResetCheckpoint = false);
