namespace Aegis.Core.CyberTip;

/// <summary>A change the report's state does not allow (approving a submitted report, adding a case to one under way).</summary>
public sealed class CyberTipRefusal(string message) : Exception(message);
