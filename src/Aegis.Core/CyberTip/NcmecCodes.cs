namespace Aegis.Core.CyberTip;

/// <summary>NCMEC's response codes the saga acts on (the reporting API's documented codes).</summary>
public static class NcmecCodes
{
    public const int Success = 0;
    public const int ServerError = 1000;
    public const int AuthenticationRequired = 2000;
    public const int NotAuthorized = 3000;
    public const int InvalidRequest = 4000;
    public const int ValidationFailed = 4100;
    public const int MalformedXml = 4110;
    public const int MalformedFile = 4200;
    public const int NoSuchReport = 5001;
    public const int NoSuchFile = 5002;
    public const int AlreadyRetracted = 5101;
    public const int AlreadyFinished = 5102;
}
