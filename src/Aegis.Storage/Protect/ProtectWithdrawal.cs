namespace Aegis.Storage;

/// <summary>What a withdrawal did.</summary>
/// <param name="WithdrawnAt">When.</param>
/// <param name="Lifted">Items shown again.</param>
/// <param name="AlreadyWithdrawn">It had been withdrawn before (nothing done now).</param>
public sealed record ProtectWithdrawal(DateTimeOffset WithdrawnAt, int Lifted, bool AlreadyWithdrawn);
