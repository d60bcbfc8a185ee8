using Aegis.Core.CyberTip;

namespace Aegis.Server.CyberTip;

/// <summary>What the CyberTipline submission needs of the evidence vault.</summary>
internal interface ICyberTipEvidence
{
    /// <summary>The preserved items of each case (items still being fetched, or missing, are left out).</summary>
    Task<IReadOnlyList<CyberTipEvidenceFile>> ForCasesAsync(IReadOnlyList<long> caseIds, CancellationToken cancellationToken);

    /// <summary>Which of the cases' items are not preserved yet (being fetched, or missing): the report waits for them.</summary>
    Task<IReadOnlyList<string>> NotPreservedAsync(IReadOnlyList<long> caseIds, CancellationToken cancellationToken);

    /// <summary>An item's bytes, integrity checked, the read audited with the actor and purpose.</summary>
    Task<byte[]> ReadAsync(long evidenceId, string actor, string purpose, CancellationToken cancellationToken);

    /// <summary>Keeps the items at least until <paramref name="until"/> (a year from the CyberTipline report).</summary>
    Task RetainAsync(IReadOnlyList<long> evidenceIds, DateTimeOffset until, string reason, CancellationToken cancellationToken);
}
