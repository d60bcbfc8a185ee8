namespace Aegis.Core.Cases;

/// <summary>What opened a case.</summary>
public enum CaseOrigin
{
    /// <summary>A report or a trusted flag.</summary>
    Report,

    /// <summary>The takedown cascade of another case held a copy too far from its item to remove unseen.</summary>
    CascadeHold,

    /// <summary>The gate blocked an upload that matched known material: confirmed by the match itself.</summary>
    GateBlock,

    /// <summary>The gate held an upload that matched a bank whose action is to hold for review.</summary>
    GateHold,

    /// <summary>The gate held an upload by an account suspended for child sexual exploitation.</summary>
    SuspendedUploader,
}
