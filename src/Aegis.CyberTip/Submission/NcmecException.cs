namespace Aegis.CyberTip.Submission;

/// <summary>
/// A step NCMEC refused or that did not complete. <see cref="ResponseCode"/> is NCMEC's code when it answered
/// (4100 validation failed, 5001 no such report, 5102 already finished, ...); <see cref="Retryable"/> says whether the
/// same step may succeed later (server errors, timeouts, refused connections) or needs a human or a new report.
/// </summary>
public sealed class NcmecException(string message, int? responseCode, int? httpStatus, string? requestId, bool retryable, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>NCMEC's response code, when it answered with one.</summary>
    public int? ResponseCode { get; } = responseCode;

    /// <summary>The HTTP status, when there was an HTTP answer.</summary>
    public int? HttpStatus { get; } = httpStatus;

    /// <summary>NCMEC's <c>Request-ID</c> header, to quote when contacting NCMEC.</summary>
    public string? RequestId { get; } = requestId;

    /// <summary>True when trying the same step again may succeed.</summary>
    public bool Retryable { get; } = retryable;
}
