namespace Aegis.Storage;

/// <summary>What a submission's hashes matched among the items already recorded, gathered into its case by a report.</summary>
/// <param name="SubmissionId">The submission.</param>
/// <param name="Rows">Every matched item's content row.</param>
/// <param name="Files">How many files it named (for its webhook).</param>
/// <param name="Hashes">How many hashes it banked.</param>
public sealed record ProtectFound(long SubmissionId, IReadOnlyCollection<long> Rows, int Files, int Hashes);
