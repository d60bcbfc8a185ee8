namespace Aegis.Storage;

/// <summary>What <see cref="AuditLog.VerifyAsync(string, CancellationToken)"/> found.</summary>
/// <param name="Intact">Every entry's hash recomputes from its contents and each chains to the one before (and the
/// anchor, when one was given, was found).</param>
/// <param name="Entries">Entries that verified: all of them when intact, else those before <paramref name="BrokenAt"/>.</param>
/// <param name="LastHash">The last entry's hash (null for an empty log, or when an entry is broken): keep it outside the
/// database as an anchor, since deleting the newest entries cannot be seen from the log alone.</param>
/// <param name="BrokenAt">The sequence of the first entry that does not verify (null when intact, or when only the
/// anchor is missing).</param>
/// <param name="Problem">What is wrong, in words (null when intact).</param>
public sealed record AuditVerification(bool Intact, long Entries, string? LastHash, long? BrokenAt, string? Problem);
