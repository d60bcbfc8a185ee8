namespace Aegis.CyberTip.Reports;

/// <summary>The schema's <c>ipCaptureType</c>: what an account did from an address.</summary>
public enum CyberTipIpEventKind
{
    Unknown,
    Upload,
    Login,
    Registration,
    Purchase,
    Other,
}
