namespace Aegis.CyberTip.Reports;

/// <summary>An IP address an account used, for what and when (the schema's <c>ipCaptureEvent</c>).</summary>
/// <param name="IpAddress">An IPv4 or IPv6 address.</param>
/// <param name="Kind">What the account did from it (<c>eventName</c>).</param>
/// <param name="At">When (<c>dateTime</c>), when known.</param>
public sealed record CyberTipIpEvent(string IpAddress, CyberTipIpEventKind Kind, DateTimeOffset? At);
