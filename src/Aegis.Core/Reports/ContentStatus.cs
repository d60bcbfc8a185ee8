namespace Aegis.Core.Reports;

/// <summary>Where an item stands with the platform, as Aegis has told it.</summary>
public enum ContentStatus
{
    /// <summary>Published as usual.</summary>
    Visible,

    /// <summary>Hidden pending review (restricted on report, or held at the gate).</summary>
    Restricted,

    /// <summary>Taken down.</summary>
    Removed,
}
