namespace Aegis.Storage;

/// <summary>What an intake batch did.</summary>
/// <param name="Observed">Messages the detectors read.</param>
/// <param name="Skipped">Messages already observed (sent again: not at or after the conversation's last message).</param>
/// <param name="Pending">Conversations that raised a signal whose case is still to open (<see cref="SignalStore.OpenCasesAsync"/>).</param>
/// <param name="Outreach">Senders the minor-outreach rule caught in this batch.</param>
public sealed record ObservedBatch(int Observed, int Skipped, IReadOnlyList<long> Pending, IReadOnlyList<Core.Signals.OutreachSignal> Outreach);
