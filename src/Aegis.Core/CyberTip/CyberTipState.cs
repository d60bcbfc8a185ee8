namespace Aegis.Core.CyberTip;

/// <summary>Where a CyberTipline report stands.</summary>
public enum CyberTipState
{
    /// <summary>Built from confirmed cases; waits for a reviewer's approval (or is approved automatically).</summary>
    Drafted,

    /// <summary>Approved; the submission has not begun.</summary>
    Approved,

    /// <summary>Going through NCMEC's steps (submit, upload, fileinfo, finish), resumed by any node after a crash.</summary>
    Submitting,

    /// <summary>Finished at NCMEC, with NCMEC's report id.</summary>
    Submitted,

    /// <summary>Stopped with a reason and what a human can do; nothing is left unfinished at NCMEC.</summary>
    Failed,
}
