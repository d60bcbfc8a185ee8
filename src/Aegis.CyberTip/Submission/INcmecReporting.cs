namespace Aegis.CyberTip.Submission;

/// <summary>
/// NCMEC's CyberTipline reporting API, one call a step of its flow: status → submit → upload each file → fileinfo →
/// finish, or retract an unfinished report. Every call either returns NCMEC's answer with its <c>Request-ID</c> or throws
/// <see cref="NcmecException"/> (which says whether trying again can help).
/// </summary>
public interface INcmecReporting
{
    /// <summary><c>GET /status</c>: the credentials work and the service answers.</summary>
    Task<NcmecAnswer> StatusAsync(CancellationToken cancellationToken);

    /// <summary><c>POST /submit</c>: opens a report from its XML; returns NCMEC's report id.</summary>
    Task<NcmecAnswer<long>> SubmitAsync(string reportXml, CancellationToken cancellationToken);

    /// <summary><c>POST /upload</c>: attaches one file to an open report; returns NCMEC's file id and the MD5 it computed.</summary>
    Task<NcmecAnswer<NcmecUploadedFile>> UploadAsync(long reportId, string fileName, Stream content, CancellationToken cancellationToken);

    /// <summary><c>POST /fileinfo</c>: the details of an uploaded file (a <c>fileDetails</c> document).</summary>
    Task<NcmecAnswer> FileInfoAsync(string fileDetailsXml, CancellationToken cancellationToken);

    /// <summary><c>POST /finish</c>: closes the report (irreversible); returns the file ids NCMEC holds for it.</summary>
    Task<NcmecAnswer<NcmecFinished>> FinishAsync(long reportId, CancellationToken cancellationToken);

    /// <summary><c>POST /retract</c>: cancels an unfinished report.</summary>
    Task<NcmecAnswer> RetractAsync(long reportId, CancellationToken cancellationToken);
}

/// <summary>A step's answer: NCMEC's response code (0 for success) and the <c>Request-ID</c> header to quote to NCMEC.</summary>
public record NcmecAnswer(int ResponseCode, string? RequestId);

/// <summary>A step's answer with its value.</summary>
public sealed record NcmecAnswer<T>(T Value, int ResponseCode, string? RequestId) : NcmecAnswer(ResponseCode, RequestId);

/// <summary>An uploaded file: NCMEC's id for it and the MD5 of the bytes it received.</summary>
public sealed record NcmecUploadedFile(string FileId, string? Md5);

/// <summary>A finished report: its id and the ids of the files NCMEC holds with it.</summary>
public sealed record NcmecFinished(long ReportId, IReadOnlyList<string> FileIds);
