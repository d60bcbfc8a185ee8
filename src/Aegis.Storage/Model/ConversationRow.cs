using Aegis.Core.Signals;

namespace Aegis.Storage.Model;

/// <summary>
/// A row of <c>conversations</c>: what the detectors keep of one conversation (its <see cref="ConversationState"/> as
/// bytes, and the counters the account rules read), whether it raised a signal and the case it went to. Written under
/// the row's lock (PostgreSQL <c>FOR UPDATE</c>, SQLite's one writer) with <see cref="Version"/> checked, so two nodes
/// never interleave one conversation.
/// </summary>
internal sealed class ConversationRow
{
    public long Id { get; set; }

    /// <summary>The platform's conversation id.</summary>
    public required string ConversationId { get; set; }

    /// <summary>The detectors' state (<see cref="ConversationState.ToBytes"/>).</summary>
    public required byte[] State { get; set; }

    /// <summary>Raised by one on every write (a concurrency token).</summary>
    public int Version { get; set; }

    /// <summary>The account that sent the first message.</summary>
    public string? OpenerId { get; set; }

    /// <summary>The account it was sent to.</summary>
    public string? RecipientId { get; set; }

    /// <summary>The recipient's declared age band when it opened.</summary>
    public AgeBand RecipientAge { get; set; }

    /// <summary>Whether the two were connected when it opened.</summary>
    public bool Connected { get; set; }

    /// <summary>When its first message was sent (Unix milliseconds: compared in SQL on SQLite too).</summary>
    public long FirstAt { get; set; }

    /// <summary>When its last observed message was sent (Unix milliseconds).</summary>
    public long LastAt { get; set; }

    /// <summary>The last message observed (with <see cref="LastAt"/>, the mark a message must pass to be new).</summary>
    public string? LastMessageId { get; set; }

    public int Messages { get; set; }

    /// <summary>The strongest signal raised.</summary>
    public SignalKind Raised { get; set; }

    public string? Rule { get; set; }

    public double Score { get; set; }

    /// <summary>The suspect of the signal (the case item's uploader).</summary>
    public string? SuspectId { get; set; }

    /// <summary>The account to protect.</summary>
    public string? TargetId { get; set; }

    public bool TargetMinor { get; set; }

    /// <summary>The category of the case the pending signal opens.</summary>
    public Core.Reports.ReportCategory? Category { get; set; }

    /// <summary>The signal's explanation, until its case is opened.</summary>
    public string? PendingReport { get; set; }

    /// <summary>A signal was raised and its case not yet opened (a node died between the two: any node finishes it).</summary>
    public bool Pending { get; set; }

    /// <summary>When it was marked pending (Unix milliseconds, the server's clock): the worker leaves it to the intake that raised it for a while.</summary>
    public long? PendingAt { get; set; }

    /// <summary>The case the signal opened or joined.</summary>
    public long? CaseId { get; set; }

    /// <summary>Until when the text of its messages is kept (Unix milliseconds; set once a signal is raised).</summary>
    public long? RetainUntil { get; set; }

    /// <summary>The opener's script (<see cref="ScriptSignature.ToBytes"/> of its first messages merged).</summary>
    public byte[]? Signature { get; set; }

    /// <summary>How many of the opener's messages the signature holds.</summary>
    public int SignatureMessages { get; set; }
}
