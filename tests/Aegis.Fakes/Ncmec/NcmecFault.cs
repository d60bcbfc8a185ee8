namespace Aegis.Fakes.Ncmec;

/// <summary>
/// A fault the fake NCMEC injects into a request (<see cref="FakeNcmec.Fail"/>). By default the step does NOT take
/// effect; <see cref="AfterStep"/> makes the step take effect first and the fault hit only its answer (NCMEC finished the
/// report, the answer was lost): what exactly-once submission must survive.
/// </summary>
public sealed record NcmecFault
{
    private NcmecFault(NcmecFaultKind kind, int? responseCode = null, int? httpStatus = null)
    {
        Kind = kind;
        ResponseCode = responseCode;
        HttpStatus = httpStatus;
    }

    /// <summary>HTTP 500 with NCMEC's reportResponse code 1000 (server error).</summary>
    public static NcmecFault ServerError { get; } = new(NcmecFaultKind.Answer, 1000, 500);

    /// <summary>HTTP 503 with an HTML page, as a load balancer answers: no NCMEC XML, no response code.</summary>
    public static NcmecFault Unavailable { get; } = new(NcmecFaultKind.Unavailable, null, 503);

    /// <summary>No answer until the client gives up (the request hangs on a token the fake cancels at dispose).</summary>
    public static NcmecFault Timeout { get; } = new(NcmecFaultKind.Hang);

    /// <summary>The connection is aborted with no answer (a reset).</summary>
    public static NcmecFault ConnectionReset { get; } = new(NcmecFaultKind.Abort);

    /// <summary>The step takes effect at NCMEC, then the connection is aborted: the answer is lost.</summary>
    public static NcmecFault AnswerLost { get; } = new(NcmecFaultKind.Abort) { AfterStep = true };

    /// <summary>HTTP 200 with a body that is not XML.</summary>
    public static NcmecFault MalformedAnswer { get; } = new(NcmecFaultKind.Malformed, null, 200);

    /// <summary>Upload only: the file is stored, and the answer gives an MD5 other than the bytes'.</summary>
    public static NcmecFault WrongHash { get; } = new(NcmecFaultKind.WrongHash, 0, 200) { AfterStep = true };

    /// <summary>Whether the step takes effect before the fault hits its answer.</summary>
    public bool AfterStep { get; private init; }

    internal NcmecFaultKind Kind { get; }

    internal int? ResponseCode { get; }

    internal int? HttpStatus { get; }

    /// <summary>An answer with NCMEC's <paramref name="responseCode"/> (4100, 5001, 5102, 1000...); HTTP status as the fake answers that code unless given.</summary>
    public static NcmecFault Code(int responseCode, int? httpStatus = null) =>
        new(NcmecFaultKind.Answer, responseCode, httpStatus ?? FakeNcmecApi.HttpStatusOf(responseCode));

    /// <summary>The same fault, hitting the answer after the step took effect.</summary>
    public NcmecFault AfterTheStep() => this with { AfterStep = true };

    /// <summary>"Code 5102 after the step", for the request log.</summary>
    public override string ToString() =>
        (Kind switch
        {
            NcmecFaultKind.Answer => $"code {ResponseCode} (HTTP {HttpStatus})",
            NcmecFaultKind.Unavailable => "unavailable (HTTP 503)",
            NcmecFaultKind.Hang => "timeout",
            NcmecFaultKind.Abort => "connection aborted",
            NcmecFaultKind.Malformed => "malformed answer",
            _ => "wrong hash",
        }) + (AfterStep ? " after the step" : "");
}

/// <summary>What a fault does to the answer.</summary>
internal enum NcmecFaultKind
{
    Answer,
    Unavailable,
    Hang,
    Abort,
    Malformed,
    WrongHash,
}
