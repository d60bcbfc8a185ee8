using static Aegis.Core.CyberTip.NcmecCodes;

namespace Aegis.CyberTip.Submission;

/// <summary>NCMEC's response codes: what each means in plain words, and whether the same step may succeed later.</summary>
internal static class NcmecCodeText
{
    /// <summary>Only NCMEC's server errors (1xxx) pass with time; every other code needs a fix, a human or a new report.</summary>
    public static bool IsRetryable(int code) => code is >= 1000 and < 2000;

    /// <summary>NCMEC's name for the code ("validation failed").</summary>
    public static string Name(int code) => code switch
    {
        >= 1000 and < 2000 => "server error",
        AuthenticationRequired => "authentication required",
        >= 3000 and < 4000 => "not authorised",
        InvalidRequest => "invalid request",
        ValidationFailed => "validation failed",
        MalformedXml => "malformed XML",
        MalformedFile => "malformed file",
        NoSuchReport => "report does not exist",
        NoSuchFile => "file does not exist",
        AlreadyRetracted => "already retracted",
        AlreadyFinished => "already finished",
        _ => "unknown code",
    };

    /// <summary>What happened, as a sentence's start ("NCMEC refused the report's XML").</summary>
    public static string Explain(int code, NcmecStep step) => code switch
    {
        >= 1000 and < 2000 => $"NCMEC had a server error on {step.Call}",
        AuthenticationRequired => "NCMEC asked for authentication (no username and password reached it)",
        >= 3000 and < 4000 => $"NCMEC refused the credentials for {step.Call} (check Username and Password, and that the account may report)",
        InvalidRequest => $"NCMEC found {step.Call} invalid",
        ValidationFailed => $"NCMEC refused {step.Document}'s XML",
        MalformedXml => $"NCMEC could not read {step.Document}'s XML",
        MalformedFile => "NCMEC could not read the uploaded file",
        NoSuchReport => "NCMEC holds no such open report (unknown, expired unfinished, or another account's)",
        NoSuchFile => "NCMEC holds no such file on the report",
        AlreadyRetracted => "The report was already retracted at NCMEC",
        AlreadyFinished => "The report was already finished at NCMEC",
        _ => $"NCMEC answered {step.Call} with a response code Aegis does not know",
    };
}
