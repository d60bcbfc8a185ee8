using Aegis.Core.Cascade;
using Aegis.Core.Reports;

namespace Aegis.Core.Cases;

/// <summary>The settings the workflow runs by.</summary>
/// <param name="Sla">How long each level may wait before it is escalated.</param>
/// <param name="ClaimLifetime">How long a claim holds before another reviewer may take the case.</param>
/// <param name="Cascade">How far the takedown cascade goes without a person looking.</param>
public sealed record CaseRules(SlaPolicy Sla, TimeSpan ClaimLifetime, CascadeOptions Cascade)
{
    /// <summary>The default claim: 30 minutes.</summary>
    public static readonly TimeSpan DefaultClaimLifetime = TimeSpan.FromMinutes(30);

    /// <summary>Which confirmed cases are reported to NCMEC, and which without a person's approval.</summary>
    public CyberTip.CyberTipPolicy CyberTip { get; init; } = Aegis.Core.CyberTip.CyberTipPolicy.Default;

    /// <summary>
    /// Whether the hash feed shares a confirmed item that came from another exchange (<c>Feed:Reshare</c>; see
    /// <see cref="Feed.HashSharing"/>). Off by default.
    /// </summary>
    public bool ReshareExchangeHashes { get; init; }

    /// <summary>
    /// The most later uploads one protect-page submission's hashes hold before the hash that matched is set aside for a
    /// curator (<c>Protect:MaxMatchesPerHash</c>): a person's own pictures are not uploaded hundreds of times; a meme is.
    /// </summary>
    public int ProtectMaxHeld { get; init; } = 200;

    public static CaseRules Default { get; } = new(SlaPolicy.Default, DefaultClaimLifetime, CascadeOptions.Default);
}
