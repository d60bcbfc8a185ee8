namespace Aegis.Storage;

/// <summary>A webhook waiting to be delivered.</summary>
/// <param name="Sequence">Its row.</param>
/// <param name="EventId">The idempotency id (the same on every retry).</param>
/// <param name="Type">e.g. <c>content.restricted</c>.</param>
/// <param name="Payload">The JSON body.</param>
/// <param name="Attempts">Deliveries tried so far.</param>
/// <param name="DueAt">When it fell due (Unix ms): what <see cref="OutboxStore.TryClaimAsync"/> checks.</param>
public sealed record OutboxEvent(long Sequence, string EventId, string Type, string Payload, int Attempts, long DueAt = 0);
