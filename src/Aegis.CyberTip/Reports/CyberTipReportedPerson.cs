namespace Aegis.CyberTip.Reports;

/// <summary>The account the report is about (the report's <c>personOrUserReported</c>).</summary>
/// <param name="AccountId">The account's id on the service (<c>espIdentifier</c>).</param>
public sealed record CyberTipReportedPerson(string AccountId)
{
    /// <summary>The account's screen name (<c>screenName</c>), as the account set it.</summary>
    public string? ScreenName { get; init; }

    /// <summary>A display name other than the screen name (<c>displayName</c>).</summary>
    public string? DisplayName { get; init; }

    /// <summary>The account's profile page (<c>profileUrl</c>).</summary>
    public string? ProfileUrl { get; init; }

    /// <summary>The addresses the account used and when (<c>ipCaptureEvent</c>), from the gate's records of its uploads.</summary>
    public IReadOnlyList<CyberTipIpEvent> IpEvents { get; init; } = [];

    /// <summary>Anything else about the account (<c>additionalInfo</c>).</summary>
    public string? AdditionalInfo { get; init; }
}
