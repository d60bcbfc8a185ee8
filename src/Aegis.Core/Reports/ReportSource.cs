namespace Aegis.Core.Reports;

/// <summary>Who sent a report.</summary>
public enum ReportSource
{
    /// <summary>A signed-in account on the platform.</summary>
    User,

    /// <summary>Someone who did not say who they are. No proof of identity is ever required to restrict.</summary>
    Anonymous,

    /// <summary>Law enforcement or a hotline, through the trusted-flagger intake (its own API-key role).</summary>
    TrustedFlagger,

    /// <summary>The person shown, or their parent or guardian, through the protect page: hashes from their own device, no account.</summary>
    ProtectPage,

    /// <summary>Aegis itself: a conversation's messages raised a grooming or sextortion signal (<c>POST /v1/messages</c>).</summary>
    MessageSignal,
}
