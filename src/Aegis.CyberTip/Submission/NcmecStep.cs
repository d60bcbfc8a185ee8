namespace Aegis.CyberTip.Submission;

/// <summary>One of the API's endpoints, and what a message calls what it sends.</summary>
internal sealed record NcmecStep(string Path, string Document)
{
    public static readonly NcmecStep Status = new("status", "the status request");
    public static readonly NcmecStep Submit = new("submit", "the report");
    public static readonly NcmecStep Upload = new("upload", "the file");
    public static readonly NcmecStep FileInfo = new("fileinfo", "the file details");
    public static readonly NcmecStep Finish = new("finish", "the finish request");
    public static readonly NcmecStep Retract = new("retract", "the retract request");

    /// <summary>"POST /submit".</summary>
    public string Call => (Path == "status" ? "GET /" : "POST /") + Path;
}
