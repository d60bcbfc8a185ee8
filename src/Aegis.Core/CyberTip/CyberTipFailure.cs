namespace Aegis.Core.CyberTip;

/// <summary>
/// A step that did not succeed, as the saga needs to know it: NCMEC's code when it answered, whether the same step
/// may succeed later, and whether NCMEC may have acted on it (no answer came: a timeout, a dropped connection).
/// </summary>
/// <param name="Message">What happened, in plain words.</param>
/// <param name="ResponseCode">NCMEC's response code, when it answered with one.</param>
/// <param name="Retryable">Trying the same step again may succeed.</param>
/// <param name="OutcomeUnknown">No answer came, so NCMEC may or may not have done it.</param>
/// <param name="RequestId">NCMEC's <c>Request-ID</c>, to quote to NCMEC.</param>
/// <param name="Remedy">What a human can do, when the caller knows better than NCMEC's code says (a missing setting, missing evidence).</param>
public sealed record CyberTipFailure(string Message, int? ResponseCode, bool Retryable, bool OutcomeUnknown, string? RequestId, string? Remedy = null);
