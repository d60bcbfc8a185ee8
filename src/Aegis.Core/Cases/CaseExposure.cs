namespace Aegis.Core.Cases;

/// <summary>How much a case's item was seen and shared at each step (the platform's counts at the time).</summary>
public sealed record CaseExposure(
    long ViewsAtFirstReport,
    long SharesAtFirstReport,
    DateTimeOffset? RestrictedAt = null,
    long? ViewsAtRestriction = null,
    long? SharesAtRestriction = null,
    DateTimeOffset? RemovedAt = null,
    long? ViewsAtRemoval = null,
    long? SharesAtRemoval = null)
{
    /// <summary>The first restriction is recorded; later ones change nothing.</summary>
    public CaseExposure Restricted(DateTimeOffset at, ContentState content) =>
        RestrictedAt is not null ? this : this with { RestrictedAt = at, ViewsAtRestriction = content.Views, SharesAtRestriction = content.Shares };

    public CaseExposure Removed(DateTimeOffset at, ContentState content) =>
        RemovedAt is not null ? this : this with { RemovedAt = at, ViewsAtRemoval = content.Views, SharesAtRemoval = content.Shares };
}
