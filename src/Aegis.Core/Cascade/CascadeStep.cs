namespace Aegis.Core.Cascade;

/// <summary>
/// One step of a cascade. (<see cref="Kind"/>, <see cref="Target"/>) is unique within a case, which is what makes the
/// cascade resumable without doing anything twice: steps are stored once, and each is marked done in the same
/// transaction as its effect.
/// </summary>
/// <param name="Kind">What to do.</param>
/// <param name="Target">A content id, or an account id for the account kinds.</param>
/// <param name="Reason">Why, in words (the root, a reshare of …, a copy at distance …).</param>
public sealed record CascadeStep(CascadeKind Kind, string Target, string Reason);
