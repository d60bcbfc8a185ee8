namespace Aegis.Core.Signals;

/// <summary>Accounts sending one script: a ring, so one confirmation can reach every account in it.</summary>
/// <param name="Accounts">The distinct accounts, sorted.</param>
/// <param name="Conversations">The conversations whose scripts clustered.</param>
public sealed record Ring(IReadOnlyList<string> Accounts, IReadOnlyList<string> Conversations);
