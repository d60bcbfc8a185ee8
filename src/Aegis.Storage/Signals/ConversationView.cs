using Aegis.Core.Signals;

namespace Aegis.Storage;

/// <summary>A conversation of a case as a reviewer sees it: who, what fired and why, and the messages kept.</summary>
public sealed record ConversationView(
    string ConversationId,
    string? OpenerId,
    string? RecipientId,
    AgeBand RecipientAge,
    bool Connected,
    DateTimeOffset FirstAt,
    DateTimeOffset LastAt,
    int Messages,
    SignalKind Raised,
    string? Rule,
    double Score,
    string? SuspectId,
    string? TargetId,
    bool TargetMinor,
    DateTimeOffset? RetainUntil,
    bool SuspectSuspended,
    IReadOnlyList<SignalEvidence> Evidence,
    IReadOnlyList<KeptMessage> Kept);
