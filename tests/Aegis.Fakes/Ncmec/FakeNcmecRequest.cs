namespace Aegis.Fakes.Ncmec;

/// <summary>One request the fake NCMEC received, and what it did with it.</summary>
/// <param name="Endpoint">"status", "submit", "upload", "fileinfo", "finish", "retract" (or the unknown path asked for).</param>
/// <param name="ReportId">The report it named or opened, when there was one.</param>
/// <param name="Username">The user of its HTTP Basic credentials; null when none came.</param>
/// <param name="ResponseCode">The NCMEC response code answered; null when no NCMEC answer was sent (a fault).</param>
/// <param name="HttpStatus">The HTTP status answered; null when the connection was aborted or the request hung.</param>
/// <param name="RequestId">The <c>Request-ID</c> header answered; null when nothing was answered.</param>
/// <param name="Fault">The fault injected into it, when one was (its <see cref="NcmecFault.ToString"/>).</param>
/// <param name="Answer">The body answered, when one was.</param>
public sealed record FakeNcmecRequest(
    string Endpoint,
    long? ReportId,
    string? Username,
    int? ResponseCode,
    int? HttpStatus,
    string? RequestId,
    string? Fault,
    string? Answer);
