using Aegis.Matching.Banks;

namespace Aegis.Storage;

/// <summary>One row of the hash feed as it is served.</summary>
/// <param name="Sequence">Its place in the feed (a checkpoint is the last one read).</param>
/// <param name="Id">The entry's opaque id (its deletion has the same).</param>
/// <param name="Type">The signal type.</param>
/// <param name="Value">The hash: lower-case hex, or a vPDQ signal's text.</param>
/// <param name="Category">NCMEC's classification, or <c>child_safety</c>.</param>
/// <param name="Deleted">True when this row deletes the entry.</param>
/// <param name="At">When it was appended (the decision's time).</param>
public sealed record SharedHash(long Sequence, string Id, SignalType Type, string Value, string? Category, bool Deleted, DateTimeOffset At);
