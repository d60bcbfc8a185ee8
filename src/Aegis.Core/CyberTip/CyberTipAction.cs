namespace Aegis.Core.CyberTip;

/// <summary>A call to NCMEC's reporting API, one step of a submission.</summary>
public enum CyberTipAction
{
    /// <summary><c>POST /submit</c>: opens the report.</summary>
    Submit,

    /// <summary><c>POST /upload</c>: attaches a file.</summary>
    Upload,

    /// <summary><c>POST /fileinfo</c>: a file's details.</summary>
    FileInfo,

    /// <summary><c>POST /finish</c>: closes the report (irreversible).</summary>
    Finish,

    /// <summary><c>POST /retract</c>: cancels the unfinished report.</summary>
    Retract,
}
